package com.litper.tracking.status;

import com.litper.common.contracts.NotifyBuyer;
import com.litper.common.contracts.ShipmentUpdate;
import com.litper.common.outbox.Outbox;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import com.litper.tracking.config.TrackedCarriers;
import com.litper.tracking.shipment.ShipmentUpdates;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one carrier event ({@code carrier_event}): records it in the shipment's timeline, moves
 * the shipment by {@link StatusRule}, tells api-service ({@code shipment_update}, for every recorded
 * event) and tells chat-service of the moves a buyer cares about ({@code notify_buyer}); what the
 * buyer reads is chat-service's choice.
 *
 * <p>The event, the status, the shipment's next version, the decision to notify the buyer and
 * the {@code shipment_update} and {@code notify_buyer} tasks (in the outbox) commit in one
 * transaction. Idempotent: an event seen before (a re-delivered webhook, a poll, this task retried)
 * is recorded once per event id and causes nothing new.
 */
@Component
class CarrierEventHandler implements ContractHandler<com.litper.common.contracts.CarrierEvent> {

    private static final Logger log = LoggerFactory.getLogger(CarrierEventHandler.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final ShipmentUpdates updates;
    private final TrackedCarriers carriers;

    CarrierEventHandler(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, ShipmentUpdates updates,
            TrackedCarriers carriers) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.updates = updates;
        this.carriers = carriers;
    }

    @Override
    public Class<com.litper.common.contracts.CarrierEvent> contract() {
        return com.litper.common.contracts.CarrierEvent.class;
    }

    /** A shipment as the rule and the buyer message need it. */
    private record Shipment(UUID id, UUID storeId, UUID orderId, String carrier, String trackingNumber, String buyerName, String buyerPhone,
            StatusRule.State state, String reason, long version) {
    }

    @Override
    public void handle(com.litper.common.contracts.CarrierEvent payload, Task task) {
        CarrierEvent event = CarrierEvent.of(payload);
        TrackedCarriers.Carrier carrier = carriers.carrier(event.carrier())
                .orElseThrow(() -> new IllegalArgumentException("Unknown carrier '" + event.carrier() + "' in carrier_event " + event.eventId()));
        ShipmentStatus status = carrier.statusOf(event.status())
                .orElseThrow(() -> new IllegalArgumentException("Carrier " + event.carrier() + " status code '" + event.status()
                        + "' maps to no status (litper.tracking.carriers." + event.carrier() + ".statuses)"));
        String reason = status == ShipmentStatus.EXCEPTION ? exceptionReason(event) : event.reason();

        transactions.executeWithoutResult(tx -> apply(event, status, reason, carrier));
    }

    private void apply(CarrierEvent event, ShipmentStatus status, String reason, TrackedCarriers.Carrier carrier) {
        // Locked: two events of one shipment applied at once would each read the old status.
        Shipment shipment = jdbc.sql("""
                        SELECT id, store_id, order_id, carrier, tracking_number, buyer_name, buyer_phone, status, progress, status_occurred_at,
                            status_reason, version
                        FROM tracking.shipment WHERE carrier = :carrier AND tracking_number = :trackingNumber FOR UPDATE""")
                .param("carrier", TrackedCarriers.normalise(event.carrier())).param("trackingNumber", event.trackingNumber())
                .query((rs, n) -> new Shipment(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class),
                        rs.getObject("order_id", UUID.class),
                        rs.getString("carrier"), rs.getString("tracking_number"), rs.getString("buyer_name"), rs.getString("buyer_phone"),
                        new StatusRule.State(ShipmentStatus.valueOf(rs.getString("status")), ShipmentStatus.valueOf(rs.getString("progress")),
                                toInstant(rs.getObject("status_occurred_at", OffsetDateTime.class))),
                        rs.getString("status_reason"), rs.getLong("version")))
                .optional()
                .orElseThrow(() -> new UnknownShipmentException("No shipment with carrier " + event.carrier() + " and tracking number "
                        + event.trackingNumber() + " (event " + event.eventId() + "): its shipment_booked task has not been handled"));

        StatusRule.Decision decision = StatusRule.decide(shipment.state(), status, event.occurredAt());
        NotifyBuyer.Event notification = shipment.buyerPhone() == null ? null : decision.notification();
        StatusRule.State next = decision.next();
        String nextReason = next.status() == ShipmentStatus.EXCEPTION ? (decision.applied() ? reason : shipment.reason()) : null;
        // Every recorded event is a change api-service hears of; the row lock above makes versions strictly increasing.
        long nextVersion = shipment.version() + 1;
        Optional<Long> inserted = jdbc.sql("""
                        INSERT INTO tracking.tracking_event (shipment_id, carrier_event_id, status, carrier_status, description, reason,
                            occurred_at, applied, notification, shipment_version, shipment_status, shipment_status_reason)
                        VALUES (:shipment, :eventId, :status, :carrierStatus, :description, :reason, :occurredAt, :applied, :notification,
                            :version, :shipmentStatus, :shipmentReason)
                        ON CONFLICT (shipment_id, carrier_event_id) DO NOTHING RETURNING id""")
                .param("shipment", shipment.id()).param("eventId", event.eventId()).param("status", status.name())
                .param("carrierStatus", event.status()).param("description", event.description()).param("reason", reason)
                .param("occurredAt", OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC))
                .param("applied", decision.applied())
                .param("notification", notification == null ? null : notification.name())
                .param("version", nextVersion).param("shipmentStatus", next.status().name()).param("shipmentReason", nextReason)
                .query(Long.class).optional();
        if (inserted.isEmpty()) {
            // Seen before (a re-delivered webhook, or this task retried after its commit): its tasks committed with it.
            log.debug("Carrier event {} of shipment {} was recorded before", event.eventId(), shipment.id());
            return;
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
        // Every recorded event is a change api-service hears of; the buyer hears of the moves they care about.
        outbox.add(updates.recorded(shipment.id(), event.eventId()));
        if (notification != null) {
            outbox.add(notifyBuyer(shipment, notification, event, reason, carrier));
        }
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

    /** A carrier event for a tracking number no shipment has: retried, then dead-lettered with this message. */
    static final class UnknownShipmentException extends RuntimeException {
        UnknownShipmentException(String message) {
            super(message);
        }
    }
}
