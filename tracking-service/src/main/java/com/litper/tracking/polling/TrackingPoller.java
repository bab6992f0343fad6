package com.litper.tracking.polling;

import com.litper.common.leader.LeaderElection;
import com.litper.common.contracts.UpdateTracking;
import com.litper.common.queue.TaskRequest;
import com.litper.common.task.Tasks;
import com.litper.tracking.config.TrackedCarriers;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code interval}, on the leader replica only, enqueues a NORMAL {@code update_tracking}
 * task for each open shipment of a polled carrier. The de-duplication key names the shipment and
 * the interval's time slot, so a new leader that takes over mid-interval, or two replicas that
 * both believe they lead for a moment, enqueue each poll once.
 *
 * <p>Runs on the service's task scheduler. It stops in the first shutdown phase, waiting for a
 * round in progress, so no poll is enqueued once the queue's connections close.
 */
@Component
class TrackingPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrackingPoller.class);


    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;
    private final Tasks tasks;
    private final LeaderElection leader;
    private final TrackedCarriers carriers;
    private final PollingProperties properties;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final ReentrantLock round = new ReentrantLock();
    private volatile ScheduledFuture<?> rounds;
    private volatile ScheduledFuture<?> quietRounds;

    TrackingPoller(JdbcClient jdbc, PlatformTransactionManager transactionManager, Tasks tasks, LeaderElection leader,
            TrackedCarriers carriers, PollingProperties properties, Clock clock, TaskScheduler scheduler) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
        this.tasks = tasks;
        this.leader = leader;
        this.carriers = carriers;
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || rounds != null) {
            return;
        }
        rounds = scheduler.scheduleWithFixedDelay(() -> round(this::schedulePolls),
                scheduler.getClock().instant().plus(properties.interval()), properties.interval());
        quietRounds = scheduler.scheduleWithFixedDelay(() -> round(this::pollQuietShipments),
                scheduler.getClock().instant().plus(properties.quietCheck()), properties.quietCheck());
    }

    private void round(IntSupplier work) {
        round.lock();
        try {
            if (rounds == null) {
                return;
            }
            leader.runIfLeader(work::getAsInt);
        } catch (RuntimeException e) {
            log.warn("Tracking polls not scheduled this round; trying again at the next", e);
        } finally {
            round.unlock();
        }
    }

    @Override
    public synchronized void stop() {
        if (rounds != null) {
            rounds.cancel(false);
            quietRounds.cancel(false);
            rounds = null;
            quietRounds = null;
            // A round in progress finishes its batch (bounded by the statement and Redis timeouts) before the queue closes.
            round.lock();
            round.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }

    /**
     * Enqueues this slot's poll of every open shipment of a polled carrier (a poll already enqueued
     * in the slot is not enqueued again); returns how many shipments it covered.
     */
    int schedulePolls() {
        List<String> polled = carriers.polled();
        if (polled.isEmpty()) {
            return 0;
        }
        long slot = clock.millis() / properties.interval().toMillis();
        int enqueued = enqueuePolls("""
                SELECT id, carrier, tracking_number FROM tracking.shipment
                WHERE carrier IN (:carriers) AND status NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED')
                  AND (:start OR id > :after)
                ORDER BY id LIMIT :limit""", polled, null, "poll:", slot, properties.interval());
        log.info("Scheduled tracking polls for slot {} of carriers {}", slot, polled);
        return enqueued;
    }

    /**
     * Enqueues a poll of every open shipment of a webhook carrier whose status has not changed for
     * {@code quiet-after}, at most one per shipment and {@code quiet-after}; returns how many.
     */
    int pollQuietShipments() {
        List<String> polled = carriers.polled();
        List<String> webhookCarriers = carriers.codes().stream().filter(code -> !polled.contains(code)).toList();
        if (webhookCarriers.isEmpty()) {
            return 0;
        }
        long slot = clock.millis() / properties.quietAfter().toMillis();
        int enqueued = enqueuePolls("""
                SELECT id, carrier, tracking_number FROM tracking.shipment
                WHERE carrier IN (:carriers) AND status NOT IN ('DELIVERED', 'RETURNED', 'CANCELLED')
                  AND updated_at < :quietSince
                  AND (:start OR id > :after)
                ORDER BY id LIMIT :limit""", webhookCarriers,
                OffsetDateTime.ofInstant(clock.instant().minus(properties.quietAfter()), ZoneOffset.UTC),
                "quiet:", slot, properties.quietAfter());
        if (enqueued > 0) {
            log.info("Polled {} shipment(s) of webhook carriers without news for {}", enqueued, properties.quietAfter());
        }
        return enqueued;
    }

    private int enqueuePolls(String query, List<String> carrierCodes, OffsetDateTime quietSince, String keyPrefix, long slot,
            Duration window) {
        record Open(UUID id, String carrier, String trackingNumber) {
        }
        int enqueued = 0;
        UUID after = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
        boolean first = true;
        while (true) {
            UUID cursor = after;
            boolean start = first;
            List<Open> batch = readOnly.execute(tx -> {
                var statement = jdbc.sql(query).param("carriers", carrierCodes).param("start", start).param("after", cursor)
                        .param("limit", properties.batchSize());
                if (quietSince != null) {
                    statement = statement.param("quietSince", quietSince);
                }
                return statement.query((rs, n) -> new Open(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).list();
            });
            if (batch.isEmpty()) {
                break;
            }
            List<TaskRequest> requests = new ArrayList<>();
            for (Open open : batch) {
                // One poll per shipment and slot, whichever replica or restart enqueues it.
                requests.add(tasks.request(new UpdateTracking(open.carrier(), open.trackingNumber(), open.id().toString()))
                        .deduplicatedBy(keyPrefix + open.id() + ":" + slot, window));
            }
            tasks.sendRequests(requests);
            enqueued += batch.size();
            after = batch.get(batch.size() - 1).id();
            first = false;
            if (batch.size() < properties.batchSize()) {
                break;
            }
        }
        return enqueued;
    }
}
