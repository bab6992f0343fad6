package com.litper.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A Redis Sentinel topology of real processes on free loopback ports, nothing on disk: a master,
 * its replicas and three sentinels (quorum 2) watching them.
 *
 * <ul>
 *   <li>{@link #start()}: one replica; sentinels declare a silent master down after one second, so
 *       a killed master is replaced within a few seconds (the queue's failover tests).</li>
 *   <li>{@link #startAsDeployed()}: as the chart's Redis values run it (infrastructure/redis-sentinel):
 *       two replicas, and a master that stops taking writes when no replica has acknowledged for
 *       2 s ({@code min-replicas-to-write 1}), before the sentinels (down after 3 s) replace it, so a
 *       master that wakes up after its replacement loses no write it accepted. The chaos run uses it.</li>
 * </ul>
 */
public final class LocalRedisSentinel implements AutoCloseable {

    /** The name the sentinels know the master by. */
    public static final String MASTER_NAME = "litper";

    private final int masterPort = FreePorts.next();
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<RedisSentinel> sentinels = new ArrayList<>();
    private final Map<Integer, RedisServer> servers = new LinkedHashMap<>();
    private final List<String> settings;
    private final long downAfterMillis;
    private Integer killedPort;

    private LocalRedisSentinel(int replicas, long downAfterMillis, List<String> settings) {
        for (int i = 0; i < replicas; i++) {
            replicaPorts.add(FreePorts.next());
        }
        this.downAfterMillis = downAfterMillis;
        this.settings = settings;
    }

    /** Starts the master, its replica and the three sentinels; a silent master is down after 1 s. */
    public static LocalRedisSentinel start() {
        return startOnFreePorts(() -> new LocalRedisSentinel(1, 1000, List.of()));
    }

    /** Starts the topology as deployed: two replicas, {@code min-replicas-to-write 1} with a 2 s lag, down after 3 s. */
    public static LocalRedisSentinel startAsDeployed() {
        return startOnFreePorts(() -> new LocalRedisSentinel(2, 3000, List.of("min-replicas-to-write 1", "min-replicas-max-lag 2")));
    }

    /**
     * A port found free can be taken (by another server, or as the local port of an outgoing
     * connection) before the server binds it: a topology that could not start is closed and tried
     * again on other ports.
     */
    private static LocalRedisSentinel startOnFreePorts(Supplier<LocalRedisSentinel> topology) {
        UncheckedIOException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return topology.get().startAll();
            } catch (UncheckedIOException e) {
                failure = e;
            }
        }
        throw failure;
    }

    private LocalRedisSentinel startAll() {
        try {
            servers.put(masterPort, server(masterPort, null));
            servers.get(masterPort).start();
            for (int port : replicaPorts) {
                servers.put(port, server(port, masterPort));
                servers.get(port).start();
            }
            for (int i = 0; i < 3; i++) {
                int port = FreePorts.next();
                RedisSentinel sentinel = RedisSentinel.newRedisSentinel()
                        .bind("127.0.0.1")
                        .port(port)
                        .masterName(MASTER_NAME)
                        .masterPort(masterPort)
                        .quorumSize(2)
                        .downAfterMilliseconds(downAfterMillis)
                        .failOverTimeout(3000)
                        .parallelSyncs(1)
                        .onShutdownForceStop(true)
                        .build();
                sentinel.start();
                sentinels.add(sentinel);
                sentinelPorts.add(port);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("Redis Sentinel topology did not start", e);
        }
        return this;
    }

    private RedisServer server(int port, Integer masterPort) throws IOException {
        var builder = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true);
        for (String setting : settings) {
            builder.setting(setting);
        }
        if (masterPort != null) {
            builder.slaveOf("127.0.0.1", masterPort);
        }
        return builder.build();
    }

    /** A Lettuce / Spring Boot URL that finds the current master through the sentinels. */
    public String url() {
        return "redis-sentinel://" + sentinelPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","))
                + "#" + MASTER_NAME;
    }

    /** The sentinels as {@code host:port} pairs, the form {@code spring.data.redis.sentinel.nodes} takes. */
    public List<String> sentinelNodes() {
        return sentinelPorts.stream().map(port -> "127.0.0.1:" + port).toList();
    }

    /** The port of the first master. */
    public int masterPort() {
        return masterPort;
    }

    /** The ports of the first replicas. */
    public List<Integer> replicaPorts() {
        return List.copyOf(replicaPorts);
    }

    /** Stops the first master process for good, as a crash would; the sentinels then promote a replica. */
    public synchronized void killMaster() {
        stop(masterPort);
    }

    private void stop(int port) {
        RedisServer server = servers.remove(port);
        if (server != null) {
            try {
                server.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("Redis on port " + port + " did not stop", e);
            }
        }
    }

    /** The port of the master the sentinels name now: a promoted replica's after a failover. */
    public int currentMasterPort() {
        IOException last = null;
        for (int port : sentinelPorts) {
            try {
                return Integer.parseInt(RedisCommands.run(port, "SENTINEL", "get-master-addr-by-name", MASTER_NAME).get(1));
            } catch (IOException e) {
                last = e;
            }
        }
        throw new UncheckedIOException("No sentinel named the master", last);
    }

    /**
     * Kills whichever server is master now (as a crash would), so the sentinels promote a replica,
     * and returns the killed server's port. {@link #restartKilled()} brings it back as a replica.
     */
    public synchronized int killCurrentMaster() {
        int port = currentMasterPort();
        if (!servers.containsKey(port)) {
            throw new IllegalStateException("The master on port " + port + " is not one this topology runs");
        }
        stop(port);
        killedPort = port;
        return port;
    }

    /**
     * Starts again, empty, the server that {@link #killCurrentMaster()} killed, as a replica of the
     * current master, as an operator replacing a failed node would.
     */
    public synchronized void restartKilled() {
        if (killedPort == null) {
            return;
        }
        try {
            RedisServer server = server(killedPort, currentMasterPort());
            server.start();
            servers.put(killedPort, server);
            killedPort = null;
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + killedPort + " did not start again", e);
        }
    }

    @Override
    public synchronized void close() {
        for (RedisSentinel sentinel : sentinels) {
            stopQuietly(sentinel::stop);
        }
        sentinels.clear();
        for (RedisServer server : servers.values()) {
            stopQuietly(server::stop);
        }
        servers.clear();
    }

    private interface Stop {
        void run() throws IOException;
    }

    private static void stopQuietly(Stop stop) {
        try {
            stop.run();
        } catch (IOException | RuntimeException e) {
            // Closing a topology after a test: a process that is gone already is fine.
        }
    }
}
