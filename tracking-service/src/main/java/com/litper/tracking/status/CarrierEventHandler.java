package com.litper.tracking.status;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.tracking.config.CarrierProperties;
import com.litper.tracking.shipment.ShipmentUpdate;
import com.litper.tracking.shipment.ShipmentUpdates;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies one carrier event ({@code carrier_event}): records it in the shipment's timeline, moves
 * the shipment by {@link StatusRule}, tells api-service ({@code shipment_update}, for every recorded
 * event) and tells the buyer about the moves they care about.
 *
 * <p>The event, the status, the shipment's next version and the decision to message the buyer
 * commit in one transaction; the {@code shipment_update} and {@code send_whatsapp} tasks are
 * enqueued after the commit. If that enqueue fails the task is retried: the event is then already
 * recorded, so its stored update and decision are enqueued again, and the de-duplication keys
 * ({@link ShipmentUpdate#dedupKey}, {@link #dedupKey}) keep them to one of each.
 */
@Component
class CarrierEventHandler implements TaskHandler {

    private static final Logger log = LoggerFactory.getLogger(CarrierEventHandler.class);

    static final String SEND_WHATSAPP = "send_whatsapp";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TaskQueue queue;
    private final ShipmentUpdates updates;
    private final CarrierProperties carriers;
    private final JsonMapper json;

    CarrierEventHandler(JdbcClient jdbc, TransactionTemplate transactions, TaskQueue queue, ShipmentUpdates updates,
            CarrierProperties carriers, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.queue = queue;
        this.updates = updates;
        this.carriers = carriers;
        this.json = json;
    }

    @Override
    public String taskType() {
        return CarrierEvent.TASK_TYPE;
    }

    /** A shipment as the rule and the buyer message need it. */
    private record Shipment(UUID id, UUID orderId, String carrier, String trackingNumber, String buyerName, String buyerPhone,
            StatusRule.State state, String reason, long version) {
    }

    /**
     * What the transaction decided: the shipment, the update for api-service, and the message to send
     * (null for none) with its reason.
     */
    private record Outcome(Shipment shipment, ShipmentUpdate update, BuyerNotification notification, String reason) {
    }

    @Override
    public void handle(Task task) {
        CarrierEvent event = CarrierEvent.fromPayload(json, task.payload());
        require(event.carrier() != null && event.eventId() != null && event.trackingNumber() != null && event.status() != null
                && event.occurredAt() != null, "carrier_event payload lacks carrier, eventId, trackingNumber, status or occurredAt: "
                + task.payload());
        CarrierProperties.Carrier carrier = carriers.carrier(event.carrier())
                .orElseThrow(() -> new IllegalArgumentException("Unknown carrier '" + event.carrier() + "' in carrier_event " + event.eventId()));
        ShipmentStatus status = carrier.statusOf(event.status())
                .orElseThrow(() -> new IllegalArgumentException("Carrier " + event.carrier() + " status code '" + event.status()
                        + "' maps to no status (litper.tracking.carriers." + event.carrier() + ".statuses)"));
        String reason = status == ShipmentStatus.EXCEPTION ? exceptionReason(event) : event.reason();

        Outcome outcome = transactions.execute(tx -> apply(event, status, reason));
        List<TaskRequest> tasks = new ArrayList<>(2);
        tasks.add(updates.task(outcome.update()));
        if (outcome.notification() != null) {
            tasks.add(buyerMessage(outcome, carrier));
        }
        queue.enqueueAll(tasks);
    }

    private Outcome apply(CarrierEvent event, ShipmentStatus status, String reason) {
        // Locked: two events of one shipment applied at once would each read the old status.
        Shipment shipment = jdbc.sql("""
                        SELECT id, order_id, carrier, tracking_number, buyer_name, buyer_phone, status, progress, status_occurred_at,
                            status_reason, version
                        FROM tracking.shipment WHERE carrier = :carrier AND tracking_number = :trackingNumber FOR UPDATE""")
                .param("carrier", CarrierProperties.normalise(event.carrier())).param("trackingNumber", event.trackingNumber())
                .query((rs, n) -> new Shipment(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                        rs.getString("carrier"), rs.getString("tracking_number"), rs.getString("buyer_name"), rs.getString("buyer_phone"),
                        new StatusRule.State(ShipmentStatus.valueOf(rs.getString("status")), ShipmentStatus.valueOf(rs.getString("progress")),
                                toInstant(rs.getObject("status_occurred_at", OffsetDateTime.class))),
                        rs.getString("status_reason"), rs.getLong("version")))
                .optional()
                .orElseThrow(() -> new UnknownShipmentException("No shipment with carrier " + event.carrier() + " and tracking number "
                        + event.trackingNumber() + " (event " + event.eventId() + "): its shipment_booked task has not been handled"));

        StatusRule.Decision decision = StatusRule.decide(shipment.state(), status, event.occurredAt());
        BuyerNotification notification = shipment.buyerPhone() == null ? null : decision.notification();
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
            // Seen before (a re-delivered webhook, or this task retried after its commit): repeat the stored update and decision only.
            ShipmentUpdate stored = updates.recorded(shipment.id(), event.eventId());
            return jdbc.sql("""
                            SELECT notification, reason FROM tracking.tracking_event WHERE shipment_id = :shipment AND carrier_event_id = :eventId""")
                    .param("shipment", shipment.id()).param("eventId", event.eventId())
                    .query((rs, n) -> new Outcome(shipment, stored,
                            rs.getString(1) == null ? null : BuyerNotification.valueOf(rs.getString(1)), rs.getString(2)))
                    .single();
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
        return new Outcome(shipment, updates.recorded(shipment.id(), event.eventId()), notification, reason);
    }

    private TaskRequest buyerMessage(Outcome outcome, CarrierProperties.Carrier carrier) {
        Shipment shipment = outcome.shipment();
        BuyerNotification notification = outcome.notification();
        String carrierName = carrier.displayName(shipment.carrier());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("to", shipment.buyerPhone());
        payload.put("template", notification.template());
        payload.put("language", BuyerNotification.LANGUAGE);
        payload.put("parameters", notification.parameters(shipment.buyerName(), shipment.trackingNumber(), carrierName, outcome.reason()));
        payload.put("text", notification.text(shipment.buyerName(), shipment.trackingNumber(), carrierName, outcome.reason()));
        payload.put("orderId", shipment.orderId());
        payload.put("shipmentId", shipment.id());
        payload.put("status", notification.name());
        return TaskRequest.of(SEND_WHATSAPP, json.writeValueAsString(payload), TaskPriority.HIGH)
                .deduplicatedBy(dedupKey(shipment, notification));
    }

    /**
     * One message per change. "Shipped" shares worker-service's key ({@code whatsapp:<orderId>:shipped},
     * sent when the carrier booked the order): whichever comes first within the de-duplication
     * window is the one the buyer gets.
     */
    private static String dedupKey(Shipment shipment, BuyerNotification notification) {
        return notification == BuyerNotification.SHIPPED
                ? "whatsapp:" + shipment.orderId() + ":shipped"
                : "whatsapp:" + shipment.id() + ":" + notification.name();
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

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A carrier event for a tracking number no shipment has: retried, then dead-lettered with this message. */
    static final class UnknownShipmentException extends RuntimeException {
        UnknownShipmentException(String message) {
            super(message);
        }
    }
}
