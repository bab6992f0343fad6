package com.litper.analytics.feed;

import com.litper.common.contracts.OrderPlaced;
import com.litper.common.contracts.ShipmentChanged;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.common.task.Tasks;
import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalRedis;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * How fast the feed records events, printed, never asserted, against a PostgreSQL of its own with
 * production durability ({@code fsync} and {@code synchronous_commit} on; the tests' embedded server
 * runs with both off): the feed's {@link EventLog} alone from several threads, then whole
 * {@code order_placed} tasks through the embedded Redis queue to this service's worker. Not part of
 * the test run (the class name matches none of Surefire's patterns); run it on purpose with
 * {@code ./mvnw -q -pl analytics-service -am verify -Dtest=FeedBench -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the lines starting {@code FeedBench:} on standard output. {@code -Dfeed.bench.events} sets
 * how many events per phase (50,000), {@code -Dfeed.bench.rounds} how many times both phases run
 * (3), each on an emptied table; {@code -Dlitper.queue.worker.concurrency} and {@code -Dlitper.analytics.feed.*} change the
 * service's settings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class FeedBench {

    private static final int EVENTS = Integer.getInteger("feed.bench.events", 50_000);
    private static final int ROUNDS = Integer.getInteger("feed.bench.rounds", 3);
    private static final int THREADS = 8;

    private static Path data;
    private static Path wal;
    private static EmbeddedPostgres durable;
    private static LocalRedis redis;

    @Autowired
    EventLog events;

    @Autowired
    TaskQueue queue;

    @Autowired
    Tasks tasks;

    @Autowired
    JdbcClient jdbc;

    @Value("${litper.queue.worker.concurrency}")
    int concurrency;

    @Autowired
    FeedProperties feed;

    @Value("${spring.datasource.hikari.maximum-pool-size:10}")
    int poolSize;

    /**
     * A PostgreSQL as production runs it: every commit waits for its WAL to be flushed to disk.
     * {@code -Dfeed.bench.data-dir} puts the cluster under that directory (default: the temporary
     * directory); {@code -Dfeed.bench.wal-dir} moves its WAL (what a commit flushes) to that
     * directory, e.g. the cluster on a RAM disk and the WAL on the disk when the disk is short of space.
     */
    @DynamicPropertySource
    static void durablePostgres(DynamicPropertyRegistry registry) throws IOException {
        String dataParent = System.getProperty("feed.bench.data-dir");
        data = dataParent == null ? Files.createTempDirectory("feed-bench-pg") : Files.createTempDirectory(Path.of(dataParent), "feed-bench-pg");
        int port = FreePorts.next();
        durable = durable(port);
        String walParent = System.getProperty("feed.bench.wal-dir");
        if (walParent != null) {
            durable.close();
            wal = Files.createTempDirectory(Path.of(walParent), "feed-bench-wal");
            Path pgWal = data.resolve("pg_wal");
            copy(pgWal, wal);
            delete(pgWal);
            Files.createSymbolicLink(pgWal, wal);
            durable = durable(port);
        }
        redis = LocalRedis.start(null, FreePorts.next());
        String url = durable.getJdbcUrl("postgres", "postgres");
        String redisUrl = redis.url();
        registry.add("spring.data.redis.url", () -> redisUrl);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }

    private static EmbeddedPostgres durable(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60)).setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on").setServerConfig("max_wal_size", "128MB").setServerConfig("min_wal_size", "32MB")
                .start();
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (redis != null) {
            redis.close();
        }
        if (durable != null) {
            durable.close();
        }
        delete(data);
        if (wal != null) {
            delete(wal);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void delete(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(directory)) {
            Files.delete(directory);
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void printsTheFeedsRate() throws Exception {
        System.out.printf(Locale.ROOT, "FeedBench: data in %s, WAL in %s%n", data, wal == null ? data.resolve("pg_wal") : wal);
        System.out.printf(Locale.ROOT, "FeedBench: PostgreSQL %s, fsync=%s synchronous_commit=%s full_page_writes=%s wal_sync_method=%s;"
                        + " worker concurrency %d, pool %d, %s; %d cores%n",
                setting("server_version"), setting("fsync"), setting("synchronous_commit"), setting("full_page_writes"),
                setting("wal_sync_method"), concurrency, poolSize, feed, Runtime.getRuntime().availableProcessors());
        // Warm-up: the JIT, the pool, the partitions' first pages.
        insertDirectly(5_000, 0);
        for (int round = 1; round <= ROUNDS; round++) {
            // Each round on an empty table, so the rounds compare (and the disk holds them).
            jdbc.sql("TRUNCATE analytics.event").update();
            jdbc.sql("CHECKPOINT").update();
            long start = System.nanoTime();
            insertDirectly(EVENTS, round);
            report(round, "EventLog.shipmentChanged, " + THREADS + " threads, no queue", EVENTS, System.nanoTime() - start);

            UUID store = UUID.randomUUID();
            List<TaskRequest> requests = new ArrayList<>(EVENTS);
            Instant at = Instant.parse("2026-11-25T13:00:00Z");
            for (int i = 0; i < EVENTS; i++) {
                OrderPlaced order = new OrderPlaced(UUID.randomUUID(), store, "11001", "05001", "05", i % 2 == 0 ? 90_000L : 0L, 90_000L,
                        at.plusSeconds(i));
                requests.add(tasks.request(order));
            }
            long enqueued = System.nanoTime();
            for (int from = 0; from < EVENTS; from += 1_000) {
                queue.enqueueAll(requests.subList(from, Math.min(EVENTS, from + 1_000)));
            }
            long recorded;
            do {
                Thread.sleep(50);
                recorded = jdbc.sql("SELECT count(*) FROM analytics.event WHERE store_id = :store").param("store", store).query(Long.class)
                        .single();
            } while (recorded < EVENTS && System.nanoTime() - enqueued < Duration.ofMinutes(5).toNanos());
            report(round, "order_placed through the queue to the worker", recorded, System.nanoTime() - enqueued);
        }
    }

    private String setting(String name) {
        return jdbc.sql("SELECT current_setting(:name)").param("name", name).query(String.class).single();
    }

    private void insertDirectly(int count, int round) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            Instant at = Instant.parse("2026-11-26T13:00:00Z").plus(Duration.ofDays(round));
            for (int t = 0; t < THREADS; t++) {
                int share = count / THREADS;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        UUID shipment = UUID.randomUUID();
                        events.shipmentChanged(new ShipmentChanged(UUID.randomUUID(), UUID.randomUUID(), shipment, "servientrega", "SV1",
                                "IN_TRANSIT", 2L, new ShipmentChanged.Event("ev-" + i, "IN_TRANSIT", "300", at.plusSeconds(i), null, true),
                                null, null, null, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void report(int round, String what, long count, long nanos) {
        System.out.printf(Locale.ROOT, "FeedBench: round %d: %s: %,d events in %.2f s = %,.0f events/s (load average %.1f)%n", round, what,
                count, nanos / 1e9, count / (nanos / 1e9), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
