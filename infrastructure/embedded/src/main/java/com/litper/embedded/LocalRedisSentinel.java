package com.litper.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import redis.embedded.RedisSentinel;
import redis.embedded.RedisServer;

/**
 * A Redis Sentinel topology of real processes: a master, one replica and three sentinels (quorum 2)
 * watching them, on free loopback ports, nothing on disk. Sentinels declare a silent master down
 * after one second, so a killed master is replaced by its replica within a few seconds.
 */
public final class LocalRedisSentinel implements AutoCloseable {

    /** The name the sentinels know the master by. */
    public static final String MASTER_NAME = "litper";

    private final int masterPort = FreePorts.next();
    private final int replicaPort = FreePorts.next();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<RedisSentinel> sentinels = new ArrayList<>();
    private RedisServer master;
    private RedisServer replica;

    private LocalRedisSentinel() {
    }

    /** Starts the master, its replica and the three sentinels. */
    public static LocalRedisSentinel start() {
        LocalRedisSentinel topology = new LocalRedisSentinel();
        try {
            topology.master = server(topology.masterPort, null);
            topology.master.start();
            topology.replica = server(topology.replicaPort, topology.masterPort);
            topology.replica.start();
            for (int i = 0; i < 3; i++) {
                int port = FreePorts.next();
                RedisSentinel sentinel = RedisSentinel.newRedisSentinel()
                        .bind("127.0.0.1")
                        .port(port)
                        .masterName(MASTER_NAME)
                        .masterPort(topology.masterPort)
                        .quorumSize(2)
                        .downAfterMilliseconds(1000)
                        .failOverTimeout(3000)
                        .parallelSyncs(1)
                        .onShutdownForceStop(true)
                        .build();
                sentinel.start();
                topology.sentinels.add(sentinel);
                topology.sentinelPorts.add(port);
            }
        } catch (IOException e) {
            topology.close();
            throw new UncheckedIOException("Redis Sentinel topology did not start", e);
        }
        return topology;
    }

    private static RedisServer server(int port, Integer masterPort) throws IOException {
        var builder = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true);
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

    public int masterPort() {
        return masterPort;
    }

    public int replicaPort() {
        return replicaPort;
    }

    /** Stops the master process for good, as a crash would; the sentinels then promote the replica. */
    public synchronized void killMaster() {
        if (master != null) {
            try {
                master.stop();
            } catch (IOException e) {
                throw new UncheckedIOException("Redis master on port " + masterPort + " did not stop", e);
            } finally {
                master = null;
            }
        }
    }

    /** The port of the master the sentinels name now: the promoted replica's after a failover. */
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
     * Kills whichever server is master now (as a crash would), so the sentinels promote the other,
     * and returns the killed server's port. {@link #restartKilled()} brings it back as a replica.
     */
    public synchronized int killCurrentMaster() {
        int port = currentMasterPort();
        try {
            if (port == masterPort && master != null) {
                master.stop();
                master = null;
            } else if (port == replicaPort && replica != null) {
                replica.stop();
                replica = null;
            } else {
                throw new IllegalStateException("The master on port " + port + " is not one this topology started");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Redis master on port " + port + " did not stop", e);
        }
        return port;
    }

    /**
     * Starts again, empty, the server that {@link #killCurrentMaster()} killed, as a replica of the
     * current master, as an operator replacing a failed node would.
     */
    public synchronized void restartKilled() {
        try {
            if (master == null) {
                master = server(masterPort, currentMasterPort());
                master.start();
            } else if (replica == null) {
                replica = server(replicaPort, currentMasterPort());
                replica.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("A Redis server of the topology did not start again", e);
        }
    }

    @Override
    public synchronized void close() {
        for (RedisSentinel sentinel : sentinels) {
            stopQuietly(sentinel::stop);
        }
        sentinels.clear();
        if (replica != null) {
            stopQuietly(replica::stop);
            replica = null;
        }
        if (master != null) {
            stopQuietly(master::stop);
            master = null;
        }
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
