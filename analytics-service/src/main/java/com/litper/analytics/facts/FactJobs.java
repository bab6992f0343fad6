package com.litper.analytics.facts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The three ways facts and rollups are brought up to date (docs/analytics.md, "Facts and rollups"):
 * the incremental run (events recorded since the watermark, minus the overlap), the nightly
 * recomputation of the last weeks, and the full rebuild. Each runs in one transaction on the
 * primary under one transaction-level advisory lock, so two of them never interleave, whichever
 * replica or command started them; readers see the old rows until it commits.
 */
@Component
public class FactJobs {

    /** The {@code job_watermark} row of the incremental run. */
    public static final String WATERMARK = "facts";
    private static final Logger log = LoggerFactory.getLogger(FactJobs.class);
    /** How long the nightly run and the rebuild wait for a run in progress (a rebuild of millions of orders takes minutes). */
    static final Duration LOCK_WAIT = Duration.ofMinutes(30);
    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('litper.analytics.facts'))";
    // Job statements work on whole batches and days; below the driver's 30 s socket timeout.
    private static final String STATEMENT_TIMEOUT = "SET LOCAL statement_timeout = '25s'";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final FactBuilder facts;
    private final Rollups rollups;
    private final FactsProperties properties;
    private final Clock clock;

    FactJobs(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, FactBuilder facts, Rollups rollups,
            FactsProperties properties) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.facts = facts;
        this.rollups = rollups;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** What a run did; {@code skipped} when another run held the lock. */
    public record Run(String job, boolean skipped, int orders, int storeDays) {
    }

    /**
     * Recomputes the facts of every order with an event recorded at or after the watermark minus
     * the overlap, then the rollups of their (store, day) pairs, and moves the watermark to the
     * database's clock at the start of the scan. Without a watermark it rebuilds. Skips when another
     * run holds the lock.
     */
    public Run incremental() {
        return transactions.execute(tx -> {
            jdbc.execute(STATEMENT_TIMEOUT);
            if (!Boolean.TRUE.equals(jdbc.queryForObject(TRY_LOCK, Boolean.class))) {
                return new Run("incremental", true, 0, 0);
            }
            List<Timestamp> watermark = jdbc.queryForList("SELECT watermark FROM analytics.job_watermark WHERE job = ?", Timestamp.class, WATERMARK);
            if (watermark.isEmpty()) {
                return rebuildLocked("incremental");
            }
            Timestamp scanStart = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
            Timestamp since = Timestamp.from(watermark.get(0).toInstant().minus(properties.overlap()));
            List<UUID> orders = jdbc.queryForList("SELECT DISTINCT order_id FROM analytics.event WHERE recorded_at >= ?", UUID.class, since);
            Set<StoreDay> pairs = recomputeFacts(orders);
            rollups.recompute(pairs);
            saveWatermark(scanStart);
            return new Run("incremental", false, orders.size(), pairs.size());
        });
    }

    /**
     * Recomputes the facts of every order placed in the last {@code nightly-weeks} weeks (America/Bogota
     * days) and every rollup row of those days. Waits for a run in progress.
     */
    public Run nightly() {
        return transactions.execute(tx -> {
            jdbc.execute(STATEMENT_TIMEOUT);
            lock();
            LocalDate today = LocalDate.now(clock.withZone(FactBuilder.ZONE));
            LocalDate from = today.minusWeeks(properties.nightlyWeeks());
            Timestamp since = Timestamp.from(from.atStartOfDay(FactBuilder.ZONE).toInstant());
            List<UUID> orders = jdbc.queryForList(
                    "SELECT DISTINCT order_id FROM analytics.event WHERE kind = 'ORDER_PLACED' AND occurred_at >= ?", UUID.class, since);
            recomputeFacts(orders);
            LocalDate last = jdbc.queryForObject("SELECT max(day) FROM analytics.shipment_fact", LocalDate.class);
            rollups.recomputeDays(from, last == null || last.isBefore(today) ? today : last);
            return new Run("nightly", false, orders.size(), 0);
        });
    }

    /**
     * Deletes every fact and rollup row and recomputes them all from the events, in one transaction
     * (readers keep the old rows until it commits), then sets the incremental watermark. Waits for a
     * run in progress.
     */
    public Run rebuild() {
        return transactions.execute(tx -> {
            jdbc.execute(STATEMENT_TIMEOUT);
            lock();
            return rebuildLocked("rebuild");
        });
    }

    /**
     * Takes the jobs' lock, waiting for a run in progress. Tried once a second instead of waiting in
     * one statement: a wait of minutes would outlast the statement and socket timeouts.
     */
    private void lock() {
        Instant giveUp = clock.instant().plus(LOCK_WAIT);
        while (!Boolean.TRUE.equals(jdbc.queryForObject(TRY_LOCK, Boolean.class))) {
            if (clock.instant().isAfter(giveUp)) {
                throw new IllegalStateException("Another analytics facts run held the lock for " + LOCK_WAIT + "; not started");
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for another analytics facts run", e);
            }
        }
    }

    private Run rebuildLocked(String job) {
        Timestamp scanStart = jdbc.queryForObject("SELECT clock_timestamp()", Timestamp.class);
        jdbc.update("DELETE FROM analytics.daily_rollup");
        jdbc.update("DELETE FROM analytics.shipment_fact");
        int orders = 0;
        UUID after = null;
        while (true) {
            List<UUID> batch = after == null
                    ? jdbc.queryForList("SELECT DISTINCT order_id FROM analytics.event ORDER BY order_id LIMIT ?", UUID.class, properties.batchSize())
                    : jdbc.queryForList("SELECT DISTINCT order_id FROM analytics.event WHERE order_id > ? ORDER BY order_id LIMIT ?", UUID.class,
                            after, properties.batchSize());
            if (batch.isEmpty()) {
                break;
            }
            facts.recomputeRange(batch.get(0), batch.get(batch.size() - 1));
            orders += batch.size();
            after = batch.get(batch.size() - 1);
        }
        LocalDate first = jdbc.queryForObject("SELECT min(day) FROM analytics.shipment_fact", LocalDate.class);
        LocalDate last = jdbc.queryForObject("SELECT max(day) FROM analytics.shipment_fact", LocalDate.class);
        if (first != null) {
            rollups.recomputeDays(first, last);
        }
        saveWatermark(scanStart);
        log.info("Rebuilt the facts of {} order(s) and their rollups ({})", orders, job);
        return new Run(job, false, orders, 0);
    }

    private Set<StoreDay> recomputeFacts(List<UUID> orders) {
        Set<StoreDay> pairs = new HashSet<>();
        for (int start = 0; start < orders.size(); start += properties.batchSize()) {
            pairs.addAll(facts.recompute(new ArrayList<>(orders.subList(start, Math.min(orders.size(), start + properties.batchSize())))));
        }
        return pairs;
    }

    private void saveWatermark(Timestamp at) {
        jdbc.update("""
                INSERT INTO analytics.job_watermark (job, watermark, updated_at) VALUES (?, ?, now())
                ON CONFLICT (job) DO UPDATE SET watermark = EXCLUDED.watermark, updated_at = now()""", WATERMARK, at);
    }

    /** The incremental run's watermark, if it ran. */
    public Instant watermark() {
        List<Timestamp> rows = jdbc.queryForList("SELECT watermark FROM analytics.job_watermark WHERE job = ?", Timestamp.class, WATERMARK);
        return rows.isEmpty() ? null : rows.get(0).toInstant();
    }
}
