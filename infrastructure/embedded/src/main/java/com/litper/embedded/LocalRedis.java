package com.litper.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;

/**
 * A real Redis server (the {@code redis-server} binary shipped in the embedded-redis Maven
 * artifact) on a fixed port. With a data directory it keeps its data in an append-only file, so the
 * local suite's queue survives a restart; without one it keeps nothing on disk.
 */
public final class LocalRedis implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private volatile RedisServer server;

    private LocalRedis(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts Redis on {@code port}; {@code dataDirectory} may be null for a memory-only server. */
    public static LocalRedis start(Path dataDirectory, int port) {
        LocalRedis redis = new LocalRedis(dataDirectory, port);
        redis.start();
        return redis;
    }

    /** Starts the server again after {@link #stop()}, on the same port (and data, if persistent). */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            var builder = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("protected-mode yes")
                    .onShutdownForceStop(true);
            if (dataDirectory == null) {
                builder.setting("save \"\"").setting("appendonly no");
            } else {
                Files.createDirectories(dataDirectory);
                builder.setting("dir " + dataDirectory.toAbsolutePath())
                        .setting("pidfile " + pidFile().toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec");
            }
            RedisServer started = builder.build();
            started.start();
            server = started;
        } catch (IOException e) {
            throw new UncheckedIOException("Redis did not start on port " + port, e);
        }
    }

    /** Stops the server; a persistent one keeps its append-only file. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Redis on port " + port + " did not stop cleanly", e);
        } finally {
            server = null;
        }
    }

    /** Where a persistent server writes its pid, so a later run can find a server left behind. */
    public Path pidFile() {
        return dataDirectory == null ? null : pidFile(dataDirectory);
    }

    /** The pid file a persistent server in {@code dataDirectory} writes. */
    public static Path pidFile(Path dataDirectory) {
        return dataDirectory.resolve("redis.pid");
    }

    public boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    /** A {@code redis://} URL for this server. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
