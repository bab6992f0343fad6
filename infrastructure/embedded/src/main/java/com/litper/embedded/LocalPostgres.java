package com.litper.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server (the binaries zonky ships as a Maven artifact) on a fixed port and data
 * directory, so it can be stopped and started again with its data: the local suite keeps that
 * directory between runs, the tests use a temporary one and restart the server to simulate outages.
 *
 * <p>By default it runs as zonky's test defaults have it: {@code fsync} and
 * {@code synchronous_commit} off ({@code -F -c synchronous_commit=off}), fast for tests and the
 * local suite, and a crash of the machine may lose or corrupt the last commits. {@link #startDurable}
 * runs it as production does, both on, for benchmarks whose figures must hold in production.
 */
public final class LocalPostgres implements AutoCloseable {

    /** Superuser created by initdb; the local suite and the tests connect as it. */
    public static final String USER = "postgres";

    private final Path dataDirectory;
    private final int port;
    private final boolean durable;
    private volatile EmbeddedPostgres server;

    private LocalPostgres(Path dataDirectory, int port, boolean durable) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.durable = durable;
    }

    /**
     * Starts PostgreSQL on {@code port}, initialising {@code dataDirectory} only when it holds no
     * cluster yet, so data survives a restart.
     */
    public static LocalPostgres start(Path dataDirectory, int port) {
        return start(dataDirectory, port, false);
    }

    /** Like {@link #start(Path, int)}, with {@code fsync} and {@code synchronous_commit} on (production durability). */
    public static LocalPostgres startDurable(Path dataDirectory, int port) {
        return start(dataDirectory, port, true);
    }

    /** {@link #start(Path, int)} or, when {@code durable}, {@link #startDurable(Path, int)}. */
    public static LocalPostgres start(Path dataDirectory, int port, boolean durable) {
        LocalPostgres postgres = new LocalPostgres(dataDirectory, port, durable);
        postgres.start();
        return postgres;
    }

    /** Starts the server again after {@link #stop()}, on the same port and data. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1");
            if (durable) {
                // zonky always passes -F (fsync off) before the -c settings; a later -c fsync=on
                // on the same command line overrides it, as the server's SHOW fsync confirms.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            server = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + " with data in " + dataDirectory, e);
        }
    }

    /** Stops the server (a fast shutdown: open sessions are disconnected); the data stays. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL on port " + port + " did not stop cleanly", e);
        } finally {
            server = null;
        }
    }

    public boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    /** Whether the server runs with {@code fsync} and {@code synchronous_commit} on. */
    public boolean isDurable() {
        return durable;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** JDBC URL of {@code database} on this server (credentials are passed separately). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates {@code database} unless it exists. */
    public void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var result = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!result.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
