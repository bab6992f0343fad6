package com.litper.bench.analytics;

import com.litper.analytics.AnalyticsApplication;
import com.litper.analytics.facts.FactJobs;
import com.litper.analytics.facts.Rollups;
import com.litper.analytics.kpi.GroupBy;
import com.litper.analytics.kpi.KpiQueries;
import com.litper.analytics.kpi.KpiQuery;
import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalRedis;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analytics benchmark (docs/analytics.md, "Benchmark"): loads a synthetic event history into
 * {@code analytics.event} with COPY, times the rebuild, one event per transaction through the
 * feed's insert statement, the incremental run, the recomputation of every rollup and the KPI
 * queries, all through analytics-service's own classes, and prints one line:
 * {@code analytics-bench shipments=N events=E ingest_per_s=X rollup_s=Y kpi_p50_ms=A kpi_p99_ms=B rebuild_s=Z ...}.
 */
public final class AnalyticsBench {

    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    private static final String[] CARRIERS = {"servientrega", "coordinadora", "interrapidisimo", "envia", "tcc"};
    private static final String[] DEPARTMENTS = {"11", "05", "76", "08", "13", "68", "54", "66", "17", "73", "50", "52"};
    private static final String[] CAUSES = {"BUYER_ABSENT", "WRONG_ADDRESS", "REFUSED", "BUYER_RESCHEDULED", "DAMAGED", "OTHER"};
    private static final String COLUMNS = "event_key, kind, store_id, order_id, occurred_at, shipment_id, carrier, tracking_number, status, "
            + "changed_status, novedad_cause, origin_department, destination_department, cash_on_delivery, promised_date, freight, cash_collected";
    /** The feed's statement: one row per event, a repeated delivery of the task inserts nothing. */
    private static final String INSERT = "INSERT INTO analytics.event (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (event_key, occurred_at) DO NOTHING";

    private int shipments = 1_000_000;
    private int eventsPerShipment = 8;
    private int stores = 1_000;
    private int ingestEvents = 80_000;
    private int ingestConnections = 4;
    private int kpiQueries = 300;
    private String dbUrl;
    private String dbUser = "postgres";
    private String dbPassword = "";
    private String redisUrl;
    private long seed = 42;

    private final List<UUID> storeIds = new ArrayList<>();
    private Random random;

    public static void main(String[] args) throws Exception {
        AnalyticsBench bench = new AnalyticsBench();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--shipments" -> bench.shipments = Integer.parseInt(value);
                case "--events-per-shipment" -> bench.eventsPerShipment = Integer.parseInt(value);
                case "--stores" -> bench.stores = Integer.parseInt(value);
                case "--ingest-events" -> bench.ingestEvents = Integer.parseInt(value);
                case "--ingest-connections" -> bench.ingestConnections = Integer.parseInt(value);
                case "--kpi-queries" -> bench.kpiQueries = Integer.parseInt(value);
                case "--db-url" -> bench.dbUrl = value;
                case "--db-user" -> bench.dbUser = value;
                case "--db-password" -> bench.dbPassword = value;
                case "--redis-url" -> bench.redisUrl = value;
                case "--seed" -> bench.seed = Long.parseLong(value);
                default -> {
                    System.err.println("analytics-bench: unknown option " + args[i]);
                    System.exit(2);
                }
            }
            i++;
        }
        if (bench.eventsPerShipment < 5) {
            System.err.println("analytics-bench: --events-per-shipment must be at least 5 (placed, booked, picked up, out for delivery, outcome)");
            System.exit(2);
        }
        bench.run();
        System.exit(0);
    }

    private void run() throws Exception {
        random = new Random(seed);
        for (int i = 0; i < stores; i++) {
            storeIds.add(new UUID(random.nextLong(), random.nextLong()));
        }
        EmbeddedPostgres postgres = null;
        LocalRedis redis = null;
        Path data = null;
        try {
            if (dbUrl == null) {
                data = Files.createTempDirectory("analytics-bench-pg");
                // Durable settings, as in production: fsync and synchronous commits on.
                postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true).setPort(FreePorts.next())
                        .setPGStartupWait(Duration.ofSeconds(60)).setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_wal_size", "4GB").setServerConfig("shared_buffers", "512MB").start();
                dbUrl = postgres.getJdbcUrl("postgres", "postgres");
            }
            if (redisUrl == null) {
                redis = LocalRedis.start(null, FreePorts.next());
                redisUrl = redis.url();
            }
            SpringApplication application = new SpringApplication(AnalyticsApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            try (ConfigurableApplicationContext context = application.run("--spring.datasource.url=" + dbUrl,
                    "--spring.datasource.username=" + dbUser, "--spring.datasource.password=" + dbPassword, "--spring.data.redis.url=" + redisUrl,
                    // Only what is measured runs: no scheduled job (facts, COD posting, carrier choice) and no
                    // queue worker competes with it for the two cores.
                    "--litper.analytics.facts.enabled=false", "--litper.analytics.cod.posting-enabled=false",
                    "--litper.analytics.carrier-choice.enabled=false", "--litper.queue.worker.enabled=false",
                    "--logging.structured.format.console=",
                    // The incremental run then covers the ingested events only, not the whole load of the last minutes.
                    "--litper.analytics.facts.overlap=1s",
                    "--spring.datasource.hikari.maximum-pool-size=" + Math.max(10, ingestConnections + 2))) {
                measure(context);
            }
        } finally {
            if (redis != null) {
                redis.close();
            }
            if (postgres != null) {
                postgres.close();
            }
            if (data != null) {
                deleteQuietly(data);
            }
        }
    }

    private void measure(ConfigurableApplicationContext context) throws Exception {
        DataSource dataSource = context.getBean(DataSource.class);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        FactJobs jobs = context.getBean(FactJobs.class);
        Rollups rollups = context.getBean(Rollups.class);
        KpiQueries kpis = context.getBean(KpiQueries.class);
        TransactionTemplate transactions = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
        String durability = "fsync=" + jdbc.queryForObject("SHOW fsync", String.class) + " synchronous_commit="
                + jdbc.queryForObject("SHOW synchronous_commit", String.class);

        // 1. The history, loaded with COPY.
        log("loading " + shipments + " shipments (" + (long) shipments * eventsPerShipment + " events) with COPY, " + durability);
        long copyStart = System.nanoTime();
        long copied = copy(dataSource, shipments);
        double copySeconds = seconds(copyStart);
        jdbc.execute("VACUUM ANALYZE analytics.event");

        // 2. The rebuild: every fact and rollup from the whole history.
        log("rebuilding facts and rollups");
        long rebuildStart = System.nanoTime();
        jobs.rebuild();
        double rebuildSeconds = seconds(rebuildStart);
        jdbc.execute("VACUUM ANALYZE analytics.shipment_fact");
        jdbc.execute("VACUUM ANALYZE analytics.daily_rollup");

        Thread.sleep(1_500); // past the overlap after the rebuild's watermark
        // 3. Ingest through the feed's insert statement, one event per transaction.
        int ingestShipments = Math.max(1, ingestEvents / eventsPerShipment);
        log("ingesting " + (long) ingestShipments * eventsPerShipment + " events one per transaction on " + ingestConnections + " connections");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < ingestShipments; i++) {
            rows.addAll(shipment());
        }
        long ingestStart = System.nanoTime();
        insertOneByOne(dataSource, rows);
        double ingestSeconds = seconds(ingestStart);

        // 4. The incremental run that takes those events in.
        long incrementalStart = System.nanoTime();
        FactJobs.Run incremental = jobs.incremental();
        double incrementalSeconds = seconds(incrementalStart);

        // 5. Every rollup row recomputed from the facts.
        LocalDate first = jdbc.queryForObject("SELECT min(day) FROM analytics.shipment_fact", LocalDate.class);
        LocalDate last = jdbc.queryForObject("SELECT max(day) FROM analytics.shipment_fact", LocalDate.class);
        long rollupStart = System.nanoTime();
        transactions.executeWithoutResult(tx -> {
            jdbc.execute("SET LOCAL statement_timeout = '25s'");
            rollups.recomputeDays(first, last);
        });
        double rollupSeconds = seconds(rollupStart);
        jdbc.execute("VACUUM ANALYZE analytics.daily_rollup");

        // 6. KPI queries: one store's year by carrier, route or day (the figure the target is about), then
        // every store's last 30 days by carrier (what an operator asks), measured apart.
        log("running " + kpiQueries + " KPI queries of one store over a year, and " + Math.max(1, kpiQueries / 5)
                + " over every store's month");
        for (int i = 0; i < Math.min(30, kpiQueries); i++) {
            kpis.kpis(storeYear(last));
        }
        long[] latencies = latencies(kpiQueries, () -> kpis.kpis(storeYear(last)));
        long[] allStores = latencies(Math.max(1, kpiQueries / 5), () -> kpis.kpis(KpiQuery.of(last.minusDays(29), last, GroupBy.CARRIER)));

        long events = jdbc.queryForObject("SELECT count(*) FROM analytics.event", Long.class);
        long facts = jdbc.queryForObject("SELECT count(*) FROM analytics.shipment_fact", Long.class);
        System.out.printf(Locale.ROOT,
                "analytics-bench shipments=%d events=%d ingest_per_s=%.0f rollup_s=%.1f kpi_p50_ms=%.1f kpi_p99_ms=%.1f rebuild_s=%.1f"
                        + " copy_per_s=%.0f incremental_s=%.1f incremental_orders=%d kpi_all_stores_p99_ms=%.1f facts=%d %s%n",
                shipments + ingestShipments, events, rows.size() / ingestSeconds, rollupSeconds, millis(latencies, 0.50),
                millis(latencies, 0.99), rebuildSeconds, copied / copySeconds, incrementalSeconds, incremental.orders(), millis(allStores, 0.99), facts, durability);
    }

    /** One store's last 365 days by carrier, route or day. */
    private KpiQuery storeYear(LocalDate last) {
        GroupBy groupBy = List.of(GroupBy.CARRIER, GroupBy.ROUTE, GroupBy.DAY).get(random.nextInt(3));
        return KpiQuery.of(last.minusDays(364), last, groupBy).forStore(storeIds.get(random.nextInt(storeIds.size())));
    }

    /** Each call's time, sorted. */
    private static long[] latencies(int calls, Runnable call) {
        long[] latencies = new long[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            call.run();
            latencies[i] = System.nanoTime() - start;
        }
        Arrays.sort(latencies);
        return latencies;
    }

    private static double millis(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    /** Writes {@code count} shipments' events with COPY, 20,000 shipments per statement; returns the rows written. */
    private long copy(DataSource dataSource, int count) throws Exception {
        long written = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("SET statement_timeout = 0");
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (int done = 0; done < count; ) {
                int chunk = Math.min(20_000, count - done);
                StringBuilder text = new StringBuilder(chunk * eventsPerShipment * 220);
                for (int i = 0; i < chunk; i++) {
                    for (Object[] row : shipment()) {
                        line(text, row);
                    }
                }
                written += copy.copyIn("COPY analytics.event (" + COLUMNS + ") FROM STDIN", new StringReader(text.toString()));
                done += chunk;
                if (done % 200_000 == 0) {
                    log("  " + done + " shipments loaded");
                }
            }
        }
        return written;
    }

    private static void line(StringBuilder text, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            Object value = row[i];
            if (value == null) {
                text.append("\\N");
            } else if (value instanceof Timestamp timestamp) {
                text.append(timestamp.toInstant());
            } else {
                text.append(value);
            }
        }
        text.append('\n');
    }

    private void insertOneByOne(DataSource dataSource, List<Object[]> rows) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(ingestConnections);
        AtomicLong next = new AtomicLong();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < ingestConnections; w++) {
            workers.add(pool.submit(() -> {
                try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    connection.setAutoCommit(true);
                    for (long i = next.getAndIncrement(); i < rows.size(); i = next.getAndIncrement()) {
                        Object[] row = rows.get((int) i);
                        for (int c = 0; c < row.length; c++) {
                            insert.setObject(c + 1, row[c]);
                        }
                        insert.executeUpdate();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
    }

    /**
     * One shipment's events, {@code eventsPerShipment} of them: placed, booked, picked up, in transit
     * (some with a novedad), out for delivery, then delivered (85 %), returned (8 %) or a failed
     * attempt (7 %). Orders placed over the eleven months to 2026-11-01.
     */
    private List<Object[]> shipment() {
        UUID store = storeIds.get(random.nextInt(storeIds.size()));
        UUID order = new UUID(random.nextLong(), random.nextLong());
        UUID shipment = new UUID(random.nextLong(), random.nextLong());
        String carrier = CARRIERS[random.nextInt(CARRIERS.length)];
        String tracking = "TN" + Long.toUnsignedString(random.nextLong(), 36);
        String origin = random.nextInt(10) == 0 ? null : DEPARTMENTS[random.nextInt(4)];
        String destination = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)];
        long cod = random.nextInt(3) == 0 ? 0 : 20_000L + random.nextInt(30) * 5_000L;
        Instant placed = Instant.parse("2025-12-01T05:00:00Z").plus(random.nextInt(335 * 24 * 60), ChronoUnit.MINUTES);
        Instant booked = placed.plus(10 + random.nextInt(120), ChronoUnit.MINUTES);
        LocalDate promised = booked.atZone(BOGOTA).toLocalDate().plusDays(2 + random.nextInt(4));
        List<Object[]> rows = new ArrayList<>(eventsPerShipment);
        rows.add(row("order:" + order, "ORDER_PLACED", store, order, placed, null, null, null, null, null, null, origin, destination, cod,
                null, null, null));
        rows.add(row("shipment:" + shipment + ":booked", "SHIPMENT_BOOKED", store, order, booked, shipment, carrier, tracking, "CREATED", true,
                null, null, null, null, promised, 8_000L + random.nextInt(12) * 1_000L, null));
        Instant t = booked.plus(1 + random.nextInt(30), ChronoUnit.HOURS);
        int carrierEvents = eventsPerShipment - 2;
        int inTransit = carrierEvents - 3;
        rows.add(carrierEvent(store, order, shipment, carrier, tracking, 1, t, "PICKED_UP", null, null));
        for (int i = 0; i < inTransit; i++) {
            t = t.plus(4 + random.nextInt(30), ChronoUnit.HOURS);
            boolean novedad = i == inTransit - 1 && random.nextInt(5) == 0;
            rows.add(carrierEvent(store, order, shipment, carrier, tracking, 2 + i, t, novedad ? "EXCEPTION" : "IN_TRANSIT",
                    novedad ? CAUSES[random.nextInt(CAUSES.length)] : null, null));
        }
        t = t.plus(8 + random.nextInt(30), ChronoUnit.HOURS);
        rows.add(carrierEvent(store, order, shipment, carrier, tracking, 2 + inTransit, t, "OUT_FOR_DELIVERY", null, null));
        t = t.plus(1 + random.nextInt(9), ChronoUnit.HOURS);
        int outcome = random.nextInt(100);
        if (outcome < 85) {
            rows.add(carrierEvent(store, order, shipment, carrier, tracking, 3 + inTransit, t, "DELIVERED", null, cod > 0 ? cod : null));
        } else if (outcome < 93) {
            rows.add(carrierEvent(store, order, shipment, carrier, tracking, 3 + inTransit, t.plus(4, ChronoUnit.DAYS), "RETURNED", null, null));
        } else {
            rows.add(carrierEvent(store, order, shipment, carrier, tracking, 3 + inTransit, t, "EXCEPTION", CAUSES[random.nextInt(CAUSES.length)],
                    null));
        }
        return rows;
    }

    private static Object[] carrierEvent(UUID store, UUID order, UUID shipment, String carrier, String tracking, int n, Instant at,
            String status, String cause, Long cash) {
        return row("shipment:" + shipment + ":e" + n, "CARRIER_EVENT", store, order, at, shipment, carrier, tracking, status, true, cause,
                null, null, null, null, null, cash);
    }

    private static Object[] row(String key, String kind, UUID store, UUID order, Instant at, UUID shipment, String carrier, String tracking,
            String status, Boolean changed, String cause, String origin, String destination, Long cod, LocalDate promised, Long freight,
            Long cash) {
        return new Object[] {key, kind, store, order, Timestamp.from(at), shipment, carrier, tracking, status, changed, cause, origin,
                destination, cod, promised, freight, cash};
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String message) {
        System.err.println("analytics-bench: " + message);
    }

    private static void deleteQuietly(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary directory: the system cleans it up eventually.
        }
    }
}
