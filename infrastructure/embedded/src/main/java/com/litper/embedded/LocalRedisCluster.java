package com.litper.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import redis.embedded.RedisServer;

/**
 * A Redis Cluster of real processes: three masters on free loopback ports sharing the 16,384 hash
 * slots, no replicas, nothing kept after {@link #close()}. Set up with plain RESP commands
 * (CLUSTER MEET, CLUSTER ADDSLOTS) so this module needs no Redis client library.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final int SLOTS = 16_384;
    private static final int NODES = 3;

    private final List<Integer> ports = new ArrayList<>();
    private final List<RedisServer> servers = new ArrayList<>();
    private Path directory;

    private LocalRedisCluster() {
    }

    /** Starts three cluster-enabled servers, joins them and waits until the cluster state is ok. */
    public static LocalRedisCluster start() {
        LocalRedisCluster cluster = new LocalRedisCluster();
        try {
            cluster.directory = Files.createTempDirectory("litper-redis-cluster");
            for (int i = 0; i < NODES; i++) {
                int port = FreePorts.next();
                RedisServer server = RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("cluster-enabled yes")
                        .setting("cluster-config-file " + cluster.directory.resolve("nodes-" + port + ".conf").toAbsolutePath())
                        .setting("cluster-node-timeout 2000")
                        .setting("save \"\"")
                        .setting("appendonly no")
                        .onShutdownForceStop(true)
                        .build();
                server.start();
                cluster.servers.add(server);
                cluster.ports.add(port);
            }
            for (int i = 1; i < NODES; i++) {
                command(cluster.ports.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(cluster.ports.get(i)));
            }
            for (int i = 0; i < NODES; i++) {
                int from = i * SLOTS / NODES;
                int to = (i + 1) * SLOTS / NODES;
                List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                for (int slot = from; slot < to; slot++) {
                    args.add(Integer.toString(slot));
                }
                command(cluster.ports.get(i), args.toArray(String[]::new));
            }
            cluster.awaitStateOk();
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("Redis Cluster did not start", e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void awaitStateOk() throws IOException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (int port : ports) {
                allOk &= command(port, "CLUSTER", "INFO").contains("cluster_state:ok");
            }
            if (allOk) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the Redis Cluster formed", e);
            }
        }
        throw new IllegalStateException("Redis Cluster on ports " + ports + " did not reach cluster_state:ok within 30 s");
    }

    /** The seed nodes as {@code host:port}, the form {@code spring.data.redis.cluster.nodes} takes. */
    public List<String> nodes() {
        return ports.stream().map(port -> "127.0.0.1:" + port).toList();
    }

    /** {@code redis://} URLs of the nodes, for a cluster client's seeds. */
    public List<String> urls() {
        return ports.stream().map(port -> "redis://127.0.0.1:" + port).collect(Collectors.toList());
    }

    @Override
    public synchronized void close() {
        for (RedisServer server : servers) {
            try {
                server.stop();
            } catch (IOException | RuntimeException e) {
                // Closing after a test: a server that is gone already is fine.
            }
        }
        servers.clear();
        if (directory != null) {
            try (var files = Files.walk(directory)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A leftover temporary directory is harmless.
            }
        }
    }

    /** Sends one command and returns its reply (status or bulk string); an error reply throws. */
    private static String command(int port, String... args) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            String line = readLine(in);
            switch (line.charAt(0)) {
                case '+':
                    return line.substring(1);
                case '$':
                    int length = Integer.parseInt(line.substring(1));
                    byte[] body = in.readNBytes(length);
                    return new String(body, StandardCharsets.UTF_8);
                default:
                    throw new IllegalStateException("Redis on port " + port + " answered " + line + " to " + args[0] + " " + args[1]);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                break;
            }
            line.append((char) c);
        }
        return line.toString();
    }
}
