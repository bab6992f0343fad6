package com.litper.tracking.status;

import com.litper.common.contracts.NotifyBuyer;
import com.litper.common.outbox.Outbox;
import com.litper.tracking.config.TrackedCarriers;
import com.litper.tracking.shipment.ShipmentUpdates;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The carrier events of one guide (carrier and tracking number): applied to its shipment when the
 * shipment exists, kept in {@code tracking.pending_carrier_event} until it does, then applied in
 * the order they happened by the same rule. A carrier may report on a guide before worker-service's
 * {@code shipment_booked} reaches this service; nothing it reports in between is lost.
 *
 * <p>Applying an event records it in the shipment's timeline once per event id, moves the shipment
 * by {@link StatusRule}, raises its version and writes the {@code shipment_update} and
 * {@code shipment_changed} (always) and {@code notify_buyer} (when the buyer is to hear of it)
 * tasks to the outbox, all in the caller's * transaction. That timeline entry is where a carrier event is de-duplicated: a repeat of an event
 * already applied changes nothing, while a repeat of one that never was is applied. A kept event is
 * kept once per event id too.
 *
 * <p>Every method takes a transaction-scoped lock on the guide first, so that an event and the
 * creation of its shipment cannot miss each other: either the event finds the shipment, or the
 * creation finds the kept event.
 */
@Component
public class CarrierEvents {

    private static final Logger log = LoggerFactory.getLogger(CarrierEvents.class);

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final ShipmentUpdates updates;
    private final TrackedCarriers carriers;
    private final Clock clock;

    CarrierEvents(JdbcClient jdbc, Outbox outbox, ShipmentUpdates updates, TrackedCarriers carriers, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.updates = updates;
        this.carriers = carriers;
        this.clock = clock;
    }

    /** What became of an event. */
    public enum Outcome {
        /** Recorded in its shipment's timeline now. */
        APPLIED,
        /** Its shipment's timeline had it already: nothing changed. */
        REPEATED,
        /** No shipment has its guide yet: kept (or already kept) until one does. */
        KEPT
    }

    /** A shipment as the rule and the buyer message need it. */
    private record Shipment(UUID id, UUID storeId, UUID orderId, String carrier, String trackingNumber, String buyerName, String buyerPhone,
            StatusRule.State state, String reason, long version) {
    }

    /**
     * Applies the event to its shipment, or keeps it when its guide has none yet. Needs the
     * caller's transaction; the event's carrier and status code must be known (see {@link #statusOf}).
     */
    public Outcome applyOrKeep(CarrierEvent event) {
        requireTransaction();
        String carrier = TrackedCarriers.normalise(event.carrier());
        lockGuide(carrier, event.trackingNumber());
        Optional<Shipment> shipment = lockShipment(carrier, event.trackingNumber());
        if (shipment.isEmpty()) {
            keep(carrier, event);
            return Outcome.KEPT;
        }
        return apply(shipment.get(), event) ? Outcome.APPLIED : Outcome.REPEATED;
    }

    /**
     * Applies the kept events of a guide whose shipment exists (created in the caller's transaction,
     * or before), in the order they happened, and deletes them; returns how many were applied.
     * A kept event whose status code the carrier's table no longer has is dropped with a warning.
     */
    public int applyKept(String carrier, String trackingNumber) {
        requireTransaction();
        String code = TrackedCarriers.normalise(carrier);
        lockGuide(code, trackingNumber);
        Shipment shipment = lockShipment(code, trackingNumber).orElseThrow(() -> new IllegalStateException(
                "No shipment with carrier " + code + " and tracking number " + trackingNumber + " to apply its kept events to"));
        record Kept(long id, CarrierEvent event) {
        }
        List<Kept> kept = jdbc.sql("""
                        SELECT id, carrier_event_id, carrier_status, occurred_at, description, reason, cash_collected
                        FROM tracking.pending_carrier_event WHERE carrier = :carrier AND tracking_number = :trackingNumber
                        ORDER BY occurred_at, id FOR UPDATE""")
                .param("carrier", code).param("trackingNumber", trackingNumber)
                .query((rs, n) -> new Kept(rs.getLong("id"), new CarrierEvent(code, rs.getString("carrier_event_id"), trackingNumber,
                        rs.getString("carrier_status"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                        rs.getString("description"), rs.getString("reason"), rs.getObject("cash_collected", Long.class))))
                .list();
        int applied = 0;
        for (Kept k : kept) {
            if (statusOf(k.event()).isEmpty()) {
                log.warn("Kept carrier event {} of {} {} dropped: its status code '{}' is no longer in litper.tracking.carriers.{}.statuses",
                        k.event().eventId(), code, trackingNumber, k.event().status(), code);
            } else if (apply(shipment, k.event())) {
                applied++;
            }
            // The shipment changed: the next kept event is applied to it as it is now.
            shipment = lockShipment(code, trackingNumber).orElseThrow();
        }
        if (!kept.isEmpty()) {
            jdbc.sql("DELETE FROM tracking.pending_carrier_event WHERE id IN (:ids)")
                    .param("ids", kept.stream().map(Kept::id).toList())
                    .update();
            log.info("Applied {} of {} carrier events of {} {} kept until its shipment {} existed", applied, kept.size(), code,
                    trackingNumber, shipment.id());
        }
        return applied;
    }

    /** Litper's status for the event's code in its carrier's table, if the carrier and the code are known. */
    public Optional<ShipmentStatus> statusOf(CarrierEvent event) {
        return carriers.carrier(event.carrier()).flatMap(carrier -> carrier.statusOf(event.status()));
    }

    /**
     * Serialises, until the transaction ends, everything done to one guide's events and shipment.
     * The shipment's row lock cannot do it: before the shipment exists there is no row to lock.
     */
    public void lockGuide(String carrier, String trackingNumber) {
        jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:guide, 0))) locked")
                .param("guide", "carrier-guide:" + TrackedCarriers.normalise(carrier) + ":" + trackingNumber)
                .query(Integer.class).single();
    }

    private Optional<Shipment> lockShipment(String carrier, String trackingNumber) {
        // Locked: two events of one shipment applied at once would each read the old status.
        return jdbc.sql("""
                        SELECT id, store_id, order_id, carrier, tracking_number, buyer_name, buyer_phone, status, progress, status_occurred_at,
                            status_reason, version
                        FROM tracking.shipment WHERE carrier = :carrier AND tracking_number = :trackingNumber FOR UPDATE""")
                .param("carrier", carrier).param("trackingNumber", trackingNumber)
                .query((rs, n) -> new Shipment(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class),
                        rs.getObject("order_id", UUID.class),
                        rs.getString("carrier"), rs.getString("tracking_number"), rs.getString("buyer_name"), rs.getString("buyer_phone"),
                        new StatusRule.State(ShipmentStatus.valueOf(rs.getString("status")), ShipmentStatus.valueOf(rs.getString("progress")),
                                toInstant(rs.getObject("status_occurred_at", OffsetDateTime.class))),
                        rs.getString("status_reason"), rs.getLong("version")))
                .optional();
    }

    private void keep(String carrier, CarrierEvent event) {
        int kept = jdbc.sql("""
                        INSERT INTO tracking.pending_carrier_event (carrier, tracking_number, carrier_event_id, carrier_status, occurred_at,
                            description, reason, received_at, cash_collected)
                        VALUES (:carrier, :trackingNumber, :eventId, :status, :occurredAt, :description, :reason, :receivedAt, :cashCollected)
                        ON CONFLICT (carrier, tracking_number, carrier_event_id) DO NOTHING""")
                .param("carrier", carrier).param("trackingNumber", event.trackingNumber()).param("eventId", event.eventId())
                .param("status", event.status()).param("occurredAt", OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                .param("description", event.description()).param("reason", event.reason())
                .param("receivedAt", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .param("cashCollected", event.cashCollected())
                .update();
        if (kept == 1) {
            log.info("Carrier event {} of {} {} kept: no shipment has that guide yet (its shipment_booked has not been handled)",
                    event.eventId(), carrier, event.trackingNumber());
        } else {
            log.debug("Carrier event {} of {} {} was kept before", event.eventId(), carrier, event.trackingNumber());
        }
    }

    /** Records the event in the shipment's timeline and moves the shipment; false when the timeline had it already. */
    private boolean apply(Shipment shipment, CarrierEvent event) {
        TrackedCarriers.Carrier carrier = carriers.carrier(event.carrier())
                .orElseThrow(() -> new IllegalArgumentException("Unknown carrier '" + event.carrier() + "' in carrier event " + event.eventId()));
        ShipmentStatus status = carrier.statusOf(event.status())
                .orElseThrow(() -> new IllegalArgumentException("Carrier " + event.carrier() + " status code '" + event.status()
                        + "' maps to no status (litper.tracking.carriers." + event.carrier() + ".statuses)"));
        String reason = status == ShipmentStatus.EXCEPTION ? exceptionReason(event) : event.reason();

        StatusRule.Decision decision = StatusRule.decide(shipment.state(), status, event.occurredAt());
        NotifyBuyer.Event notification = shipment.buyerPhone() == null ? null : decision.notification();
        StatusRule.State next = decision.next();
        String nextReason = next.status() == ShipmentStatus.EXCEPTION ? (decision.applied() ? reason : shipment.reason()) : null;
        // Every recorded event is a change api-service hears of; the row lock makes versions strictly increasing.
        long nextVersion = shipment.version() + 1;
        Optional<Long> inserted = jdbc.sql("""
                        INSERT INTO tracking.tracking_event (shipment_id, carrier_event_id, status, carrier_status, description, reason,
                            occurred_at, applied, notification, shipment_version, shipment_status, shipment_status_reason, cash_collected)
                        VALUES (:shipment, :eventId, :status, :carrierStatus, :description, :reason, :occurredAt, :applied, :notification,
                            :version, :shipmentStatus, :shipmentReason, :cashCollected)
                        ON CONFLICT (shipment_id, carrier_event_id) DO NOTHING RETURNING id""")
                .param("shipment", shipment.id()).param("eventId", event.eventId()).param("status", status.name())
                .param("carrierStatus", event.status()).param("description", event.description()).param("reason", reason)
                .param("occurredAt", OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                .param("applied", decision.applied())
                .param("notification", notification == null ? null : notification.name())
                .param("version", nextVersion).param("shipmentStatus", next.status().name()).param("shipmentReason", nextReason)
                // Cash is collected on delivery: a carrier's amount on any other event is not what analytics counts.
                .param("cashCollected", status == ShipmentStatus.DELIVERED ? event.cashCollected() : null)
                .query(Long.class).optional();
        if (inserted.isEmpty()) {
            // Applied before (a re-delivered webhook, a poll, or this task retried after its commit): its tasks committed with it.
            log.debug("Carrier event {} of shipment {} was recorded before", event.eventId(), shipment.id());
            return false;
        }
        jdbc.sql("""
                        UPDATE tracking.shipment SET status = :status, progress = :progress, status_occurred_at = :occurredAt,
                            status_reason = :reason, version = :version, updated_at = now()
                        WHERE id = :id""")
                .param("status", next.status().name()).param("progress", next.progress().name())
                .param("occurredAt", next.statusOccurredAt() == null ? null : OffsetDateTime.ofInstant(next.statusOccurredAt(), ZoneOffset.UTC))
                .param("reason", nextReason).param("version", nextVersion)
                .param("id", shipment.id())
                .update();
        if (!decision.applied()) {
            log.info("Carrier event {} of shipment {} recorded without changing its status: {} does not follow {}",
                    event.eventId(), shipment.id(), status, shipment.state().status());
        }
        outbox.add(updates.recorded(shipment.id(), event.eventId()));
        outbox.add(updates.changed(shipment.id(), event.eventId()));
        if (notification != null) {
            outbox.add(notifyBuyer(shipment, notification, event, reason, carrier));
        }
        return true;
    }

    /**
     * What the buyer is told of, as facts: chat-service chooses the words. Its contract keys
     * "shipped" by the order, as worker-service's booking does: whichever comes first is told.
     */
    private static NotifyBuyer notifyBuyer(Shipment shipment, NotifyBuyer.Event notification, CarrierEvent event, String reason,
            TrackedCarriers.Carrier carrier) {
        return new NotifyBuyer(shipment.storeId(), shipment.orderId(), shipment.buyerPhone(), NotifyBuyer.firstName(shipment.buyerName()),
                notification, notification == NotifyBuyer.Event.EXCEPTION ? reason : null, shipment.trackingNumber(),
                carrier.displayName(), shipment.id(), event.occurredAt());
    }

    private static String exceptionReason(CarrierEvent event) {
        if (event.reason() != null && !event.reason().isBlank()) {
            return event.reason();
        }
        return event.description() != null && !event.description().isBlank() ? event.description() : "novedad en la entrega";
    }

    private static Instant toInstant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Carrier events are applied or kept in the transaction of the change that causes them");
        }
    }
}
