package com.litper.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension that gives a test JVM one real PostgreSQL and one real Redis, started on first
 * use and stopped when the test run ends, and points Spring Boot at them through system
 * properties. Register it before {@code @SpringBootTest} so the properties exist when the context
 * is built. Tests that simulate an outage stop and start the servers through {@link #postgres()}
 * and {@link #redis()} and must leave them running.
 */
public final class EmbeddedInfrastructure implements BeforeAllCallback {

    private static LocalPostgres postgres;
    private static LocalRedis redis;

    @Override
    public void beforeAll(ExtensionContext context) {
        startOnce();
        // The root store closes its AutoCloseable values when the whole test plan has run.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(EmbeddedInfrastructure.class, key -> (AutoCloseable) EmbeddedInfrastructure::stopAll);
    }

    /** Starts both servers unless they run already, and publishes their addresses as system properties. */
    public static synchronized void startOnce() {
        if (postgres != null) {
            return;
        }
        try {
            Path dataDirectory = Files.createTempDirectory("litper-test-pg");
            postgres = LocalPostgres.start(dataDirectory, FreePorts.next());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        redis = LocalRedis.start(null, FreePorts.next());
        System.setProperty("spring.datasource.url", postgres.jdbcUrl("postgres"));
        System.setProperty("spring.datasource.username", LocalPostgres.USER);
        System.setProperty("spring.datasource.password", "");
        System.setProperty("spring.data.redis.url", redis.url());
    }

    public static LocalPostgres postgres() {
        startOnce();
        return postgres;
    }

    public static LocalRedis redis() {
        startOnce();
        return redis;
    }

    private static synchronized void stopAll() {
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
            deleteTree(postgres.dataDirectory());
        }
        redis = null;
        postgres = null;
    }

    /** Deletes a temporary directory and what it holds, so a test run leaves nothing behind in the temp directory. */
    public static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a directory left behind costs disk space, never a test result.
        }
    }
}
