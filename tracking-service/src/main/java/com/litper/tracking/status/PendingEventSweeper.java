package com.litper.tracking.status;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the kept carrier events bounded: every {@code sweep-interval} it drops those whose guide got
 * no shipment within the retention, each with a log line and counted in
 * {@code litper.tracking.pending_events.dropped}, never silently. It also applies the kept events of
 * guides whose shipment exists, which creating the shipment normally did already; only a shipment
 * created by an older release, during a rolling upgrade, leaves some.
 *
 * <p>Runs on every replica: a row is deleted by one statement only ({@code SKIP LOCKED}), and kept
 * events are applied under their guide's lock. {@code litper.tracking.pending_events} gauges the
 * events waiting, as of the last sweep.
 */
@Component
class PendingEventSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PendingEventSweeper.class);

    /** Guides with a shipment and kept events applied per sweep; the rest wait for the next. */
    private static final int GUIDES_PER_SWEEP = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CarrierEvents events;
    private final PendingEventsProperties properties;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final Counter dropped;
    private final AtomicLong waiting = new AtomicLong();
    private final ReentrantLock sweep = new ReentrantLock();
    private volatile ScheduledFuture<?> sweeps;

    PendingEventSweeper(JdbcClient jdbc, TransactionTemplate transactions, CarrierEvents events, PendingEventsProperties properties,
            Clock clock, TaskScheduler scheduler, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.scheduler = scheduler;
        this.dropped = Counter.builder("litper.tracking.pending_events.dropped")
                .description("Carrier events dropped because no shipment had their guide within the retention").register(meters);
        Gauge.builder("litper.tracking.pending_events", waiting, AtomicLong::get)
                .description("Carrier events kept for a guide no shipment has yet, as of the last sweep").register(meters);
    }

    @Override
    public synchronized void start() {
        if (sweeps == null) {
            sweeps = scheduler.scheduleWithFixedDelay(this::sweepSafely, scheduler.getClock().instant().plus(properties.sweepInterval()),
                    properties.sweepInterval());
        }
    }

    @Override
    public synchronized void stop() {
        if (sweeps != null) {
            sweeps.cancel(false);
            sweeps = null;
            sweep.lock();
            sweep.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return sweeps != null;
    }

    private void sweepSafely() {
        sweep.lock();
        try {
            applyKeptOfExistingShipments();
            dropExpired();
            waiting.set(jdbc.sql("SELECT count(*) FROM tracking.pending_carrier_event").query(Long.class).single());
        } catch (RuntimeException e) {
            log.warn("Kept carrier events not swept this time; trying again in {}", properties.sweepInterval(), e);
        } finally {
            sweep.unlock();
        }
    }

    /** Applies the kept events of guides whose shipment exists; returns how many were applied. */
    int applyKeptOfExistingShipments() {
        record Guide(String carrier, String trackingNumber) {
        }
        List<Guide> guides = jdbc.sql("""
                        SELECT DISTINCT p.carrier, p.tracking_number FROM tracking.pending_carrier_event p
                        JOIN tracking.shipment s ON s.carrier = p.carrier AND s.tracking_number = p.tracking_number
                        LIMIT :limit""")
                .param("limit", GUIDES_PER_SWEEP)
                .query((rs, n) -> new Guide(rs.getString(1), rs.getString(2)))
                .list();
        int applied = 0;
        for (Guide guide : guides) {
            Integer count = transactions.execute(tx -> events.applyKept(guide.carrier(), guide.trackingNumber()));
            applied += count == null ? 0 : count;
        }
        return applied;
    }

    /** Drops the kept events past the retention; returns how many. */
    int dropExpired() {
        record Dropped(String carrier, String trackingNumber, String eventId, String status, OffsetDateTime receivedAt) {
        }
        OffsetDateTime before = OffsetDateTime.ofInstant(clock.instant().minus(properties.retention()), ZoneOffset.UTC);
        int total = 0;
        while (true) {
            List<Dropped> batch = transactions.execute(tx -> jdbc.sql("""
                            DELETE FROM tracking.pending_carrier_event WHERE id IN (
                                SELECT id FROM tracking.pending_carrier_event WHERE received_at < :before
                                ORDER BY received_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                            RETURNING carrier, tracking_number, carrier_event_id, carrier_status, received_at""")
                    .param("before", before).param("limit", properties.batchSize())
                    .query((rs, n) -> new Dropped(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class)))
                    .list());
            if (batch == null || batch.isEmpty()) {
                return total;
            }
            for (Dropped d : batch) {
                log.warn("Carrier event {} of {} {} (status code '{}', received {}) dropped: no shipment had that guide within {}",
                        d.eventId(), d.carrier(), d.trackingNumber(), d.status(), d.receivedAt().toInstant(), properties.retention());
            }
            dropped.increment(batch.size());
            total += batch.size();
            if (batch.size() < properties.batchSize()) {
                return total;
            }
        }
    }
}
