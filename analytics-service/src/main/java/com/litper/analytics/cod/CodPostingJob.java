package com.litper.analytics.cod;

import com.litper.common.leader.LeaderElection;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code posting-interval}, on the leader replica only, turns the events recorded since the
 * job's watermark (minus the overlap) into COD ledger entries: the orders those events belong to
 * are refreshed one by one ({@link CodPosting#refreshOrder}), each in its own transaction. Posting
 * keys make a second pass over the same events (the overlap, a new leader, a crash before the
 * watermark moved) write nothing, so the watermark only saves work.
 */
@Component
class CodPostingJob implements SmartLifecycle {

    static final String JOB = "cod-posting";
    private static final Logger log = LoggerFactory.getLogger(CodPostingJob.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final CodPosting posting;
    private final LeaderElection leader;
    private final CodProperties properties;
    private final TaskScheduler scheduler;
    private final ReentrantLock round = new ReentrantLock();
    private volatile ScheduledFuture<?> rounds;

    CodPostingJob(JdbcClient jdbc, PlatformTransactionManager transactionManager, CodPosting posting, LeaderElection leader,
            CodProperties properties, TaskScheduler scheduler) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.posting = posting;
        this.leader = leader;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void start() {
        if (!properties.postingEnabled() || rounds != null) {
            return;
        }
        rounds = scheduler.scheduleWithFixedDelay(this::round, scheduler.getClock().instant().plus(properties.postingInterval()),
                properties.postingInterval());
    }

    private void round() {
        round.lock();
        try {
            if (rounds != null) {
                leader.runIfLeader(this::runOnce);
            }
        } catch (RuntimeException e) {
            log.warn("COD posting round failed; the next round starts again from the watermark", e);
        } finally {
            round.unlock();
        }
    }

    /** One pass from the watermark to the newest event; returns how many orders it refreshed. */
    int runOnce() {
        Instant watermark = jdbc.sql("SELECT watermark FROM analytics.job_watermark WHERE job = :job").param("job", JOB)
                .query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant).orElse(Instant.EPOCH);
        Instant since = watermark.equals(Instant.EPOCH) ? watermark : watermark.minus(properties.overlap());
        Instant newest = watermark;
        int refreshed = 0;
        while (true) {
            record Recorded(UUID orderId, Instant recordedAt) {
            }
            List<Recorded> batch = jdbc.sql("""
                            SELECT order_id, recorded_at FROM analytics.event
                            WHERE recorded_at > :since AND (kind <> 'CARRIER_EVENT' OR status IN ('DELIVERED', 'RETURNED'))
                            ORDER BY recorded_at LIMIT :limit""")
                    .param("since", CodPosting.utc(since)).param("limit", properties.batchSize())
                    .query((rs, n) -> new Recorded(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class).toInstant()))
                    .list();
            if (batch.isEmpty()) {
                break;
            }
            Set<UUID> orders = new LinkedHashSet<>();
            batch.forEach(r -> orders.add(r.orderId()));
            for (UUID order : orders) {
                try {
                    transaction.executeWithoutResult(tx -> posting.refreshOrder(order));
                } catch (RuntimeException e) {
                    // The watermark stays where it was, so the next round retries this order (and re-reads the rest, harmlessly).
                    throw new IllegalStateException("COD posting of order " + order + " failed", e);
                }
                refreshed++;
            }
            since = batch.get(batch.size() - 1).recordedAt();
            if (since.isAfter(newest)) {
                newest = since;
            }
            if (batch.size() < properties.batchSize()) {
                break;
            }
        }
        if (newest.isAfter(watermark)) {
            jdbc.sql("""
                            INSERT INTO analytics.job_watermark (job, watermark, updated_at) VALUES (:job, :watermark, now())
                            ON CONFLICT (job) DO UPDATE SET watermark = GREATEST(job_watermark.watermark, EXCLUDED.watermark), updated_at = now()""")
                    .param("job", JOB).param("watermark", CodPosting.utc(newest)).update();
        }
        if (refreshed > 0) {
            log.info("COD posting refreshed {} order(s) up to events recorded at {}", refreshed, newest);
        }
        return refreshed;
    }

    @Override
    public synchronized void stop() {
        if (rounds != null) {
            rounds.cancel(false);
            rounds = null;
            // A round in progress finishes its order before the data source closes.
            round.lock();
            round.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }
}
