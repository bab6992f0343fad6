package com.litper.common.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Redis is the dispatcher, PostgreSQL the record: dispatches again the outbox rows whose task was
 * relayed but whose effect never came back — Redis lost the task in a failover before a replica had
 * it, or lost what the task caused. For each {@link ReconciledTask}, every {@code interval}:
 * <ul>
 *   <li>rows relayed more than {@code after} ago whose effect came back are marked
 *       {@code confirmed_at} and never looked at again;</li>
 *   <li>rows relayed more than {@code after} ago whose effect is still missing are made unsent again
 *       with {@code redispatches} one higher: the {@link OutboxRelay} enqueues them at once, under a
 *       de-duplication key of their own (a key still alive from the first enqueue must not swallow
 *       the re-dispatch); a log line and {@code litper.reconcile.redispatched} each;</li>
 *   <li>rows already dispatched again {@code max-redispatches} times are marked
 *       {@code given_up_at}: an ERROR line and {@code litper.reconcile.abandoned}, for an operator.</li>
 * </ul>
 * Rows are taken {@code FOR UPDATE SKIP LOCKED}, so replicas reconciling at once never take the same
 * row; a re-dispatch happens at most once per {@code after} per row, since relaying it again sets
 * its {@code sent_at}. The consumers of reconciled tasks must be idempotent: the original may still
 * have been running.
 */
public class OutboxReconciler implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxReconciler.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final OutboxRelay relay;
    private final String table;
    private final List<ReconciledTask> kinds;
    private final ReconcileProperties properties;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final MeterRegistry meters;
    private final String service;
    private ScheduledFuture<?> rounds;

    public OutboxReconciler(JdbcClient jdbc, TransactionTemplate transactions, OutboxRelay relay, String schema,
            List<ReconciledTask> kinds, ReconcileProperties properties, Clock clock, TaskScheduler scheduler, MeterRegistry meters,
            String service) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.relay = relay;
        this.table = schema + ".outbox";
        this.kinds = List.copyOf(kinds);
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
        this.meters = meters;
        this.service = service;
    }

    @Override
    public synchronized void afterPropertiesSet() {
        if (scheduler != null && rounds == null && !kinds.isEmpty()) {
            rounds = scheduler.scheduleWithFixedDelay(this::reconcileSafely, properties.interval());
        }
    }

    @Override
    public synchronized void destroy() {
        if (rounds != null) {
            rounds.cancel(false);
            rounds = null;
        }
    }

    /** What one round did. */
    public record Round(int confirmed, int redispatched, int abandoned) {
    }

    /** One round over every reconciled task type. */
    public Round reconcile() {
        int confirmed = 0;
        int redispatched = 0;
        int abandoned = 0;
        for (ReconciledTask kind : kinds) {
            Round round = reconcile(kind);
            confirmed += round.confirmed();
            redispatched += round.redispatched();
            abandoned += round.abandoned();
        }
        if (redispatched > 0 && relay != null) {
            relay.wake();
        }
        return new Round(confirmed, redispatched, abandoned);
    }

    private Round reconcile(ReconciledTask kind) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        OffsetDateTime cutoff = now.minus(properties.after());
        Round round = transactions.execute(status -> {
            String due = "SELECT id FROM " + table + " o WHERE o.task_type = :type AND o.sent_at < :cutoff"
                    + " AND o.confirmed_at IS NULL AND o.given_up_at IS NULL";
            int confirmed = jdbc.sql("UPDATE " + table + " SET confirmed_at = :now WHERE id IN (" + due + " AND NOT ("
                            + kind.stillOpen() + ") ORDER BY o.sent_at LIMIT :limit FOR UPDATE SKIP LOCKED)")
                    .param("type", kind.taskType()).param("cutoff", cutoff).param("now", now).param("limit", properties.batchSize())
                    .update();
            List<Open> open = jdbc.sql("SELECT o.id, o.redispatches, o.dedup_key, o.sent_at FROM " + table + " o WHERE o.id IN (" + due
                            + " AND (" + kind.stillOpen() + ") ORDER BY o.sent_at LIMIT :limit) FOR UPDATE SKIP LOCKED")
                    .param("type", kind.taskType()).param("cutoff", cutoff).param("limit", properties.batchSize())
                    .query((rs, n) -> new Open(rs.getObject("id", UUID.class), rs.getInt("redispatches"), rs.getString("dedup_key"),
                            rs.getObject("sent_at", OffsetDateTime.class)))
                    .list();
            List<UUID> again = open.stream().filter(row -> row.redispatches() < properties.maxRedispatches()).map(Open::id).toList();
            List<UUID> givenUp = open.stream().filter(row -> row.redispatches() >= properties.maxRedispatches()).map(Open::id).toList();
            if (!again.isEmpty()) {
                jdbc.sql("UPDATE " + table + " SET sent_at = NULL, redispatches = redispatches + 1 WHERE id IN (:ids)")
                        .param("ids", again).update();
            }
            if (!givenUp.isEmpty()) {
                jdbc.sql("UPDATE " + table + " SET given_up_at = :now WHERE id IN (:ids)").param("now", now).param("ids", givenUp)
                        .update();
            }
            for (Open row : open) {
                if (row.redispatches() < properties.maxRedispatches()) {
                    log.warn("Dispatching {} again (outbox row {}, key {}): relayed at {}, its effect has not come back; re-dispatch {} of {}",
                            kind.taskType(), row.id(), row.dedupKey(), row.sentAt(), row.redispatches() + 1, properties.maxRedispatches());
                } else {
                    log.error("Giving up on {} (outbox row {}, key {}): its effect has not come back after {} re-dispatches;"
                            + " the row is marked given_up_at for an operator", kind.taskType(), row.id(), row.dedupKey(),
                            row.redispatches());
                }
            }
            return new Round(confirmed, again.size(), givenUp.size());
        });
        count("litper.reconcile.redispatched", "Tasks dispatched again because their effect did not come back in time", kind,
                round.redispatched());
        count("litper.reconcile.abandoned", "Tasks whose effect never came back after every re-dispatch", kind, round.abandoned());
        return round;
    }

    private void count(String name, String description, ReconciledTask kind, int amount) {
        if (meters != null && amount > 0) {
            Counter.builder(name).description(description).tag("service", service).tag("kind", kind.taskType()).register(meters)
                    .increment(amount);
        }
    }

    private void reconcileSafely() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("Reconciliation of {} failed; it tries again in {}: {}", table, properties.interval(), e.toString());
        }
    }

    private record Open(UUID id, int redispatches, String dedupKey, OffsetDateTime sentAt) {
    }
}
