package com.litper.tracking.shipment;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskQueue;
import com.litper.tracking.config.CarrierProperties;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates the shipment of a booked order ({@code shipment_booked}), CREATED at version 1, with a
 * first timeline entry, and tells api-service with a {@code shipment_update} enqueued after the
 * commit. A redelivered task finds the shipment already there and only enqueues that update again
 * (its de-duplication key keeps it to one), so an enqueue that failed after the commit is not lost;
 * a second booking of the same order under another guide fails the task, for an operator to look at.
 */
@Component
class ShipmentBookedHandler implements TaskHandler {

    private static final Logger log = LoggerFactory.getLogger(ShipmentBookedHandler.class);

    /** Event id of the timeline's first entry: unique per shipment, and never a carrier's id. */
    static final String BOOKED_EVENT_ID = "litper:booked";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TaskQueue queue;
    private final ShipmentUpdates updates;
    private final CarrierProperties carriers;
    private final JsonMapper json;

    ShipmentBookedHandler(JdbcClient jdbc, TransactionTemplate transactions, TaskQueue queue, ShipmentUpdates updates,
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
        return ShipmentBooked.TASK_TYPE;
    }

    @Override
    public void handle(Task task) {
        ShipmentBooked booked = json.readValue(task.payload(), ShipmentBooked.class);
        validate(booked);
        String carrier = CarrierProperties.normalise(booked.carrier());
        ShipmentUpdate update = transactions.execute(tx -> {
            UUID id = UUID.randomUUID();
            OffsetDateTime bookedAt = OffsetDateTime.ofInstant(booked.bookedAt(), ZoneOffset.UTC);
            int created = jdbc.sql("""
                            INSERT INTO tracking.shipment (id, store_id, order_id, carrier, tracking_number, status, progress, buyer_name,
                                buyer_phone, booked_at, status_occurred_at, version)
                            VALUES (:id, :store, :order, :carrier, :trackingNumber, 'CREATED', 'CREATED', :buyerName, :buyerPhone,
                                :bookedAt, :bookedAt, 1)
                            ON CONFLICT DO NOTHING""")
                    .param("id", id).param("store", booked.storeId()).param("order", booked.orderId()).param("carrier", carrier)
                    .param("trackingNumber", booked.trackingNumber()).param("buyerName", booked.buyerName())
                    .param("buyerPhone", booked.buyerPhone()).param("bookedAt", bookedAt)
                    .update();
            if (created == 0) {
                // Already created (this task retried, or redelivered): the same update again, in case its enqueue failed.
                return updates.recorded(requireSameBooking(booked, carrier), BOOKED_EVENT_ID);
            }
            jdbc.sql("""
                            INSERT INTO tracking.tracking_event (shipment_id, carrier_event_id, status, carrier_status, description,
                                occurred_at, applied, shipment_version, shipment_status)
                            VALUES (:shipment, :eventId, 'CREATED', 'booked', :description, :bookedAt, true, 1, 'CREATED')""")
                    .param("shipment", id).param("eventId", BOOKED_EVENT_ID)
                    .param("description", "Guía generada con " + carriers.carrier(carrier).map(c -> c.displayName(carrier)).orElse(carrier))
                    .param("bookedAt", bookedAt)
                    .update();
            log.info("Shipment {} created for order {}: {} {}", id, booked.orderId(), carrier, booked.trackingNumber());
            return updates.recorded(id, BOOKED_EVENT_ID);
        });
        queue.enqueue(updates.task(update));
    }

    /** The id of the shipment this booking already created; fails when the order or the guide belongs to another booking. */
    private UUID requireSameBooking(ShipmentBooked booked, String carrier) {
        record Existing(UUID orderId, String carrier, String trackingNumber) {
        }
        record Row(UUID id, Existing booking) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT id, order_id, carrier, tracking_number FROM tracking.shipment
                        WHERE order_id = :order OR (carrier = :carrier AND tracking_number = :trackingNumber)""")
                .param("order", booked.orderId()).param("carrier", carrier).param("trackingNumber", booked.trackingNumber())
                .query((rs, n) -> new Row(rs.getObject(1, UUID.class), new Existing(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4))))
                .list();
        Existing same = new Existing(booked.orderId(), carrier, booked.trackingNumber());
        Optional<Existing> existing = rows.stream().map(Row::booking).filter(b -> !b.equals(same)).findFirst();
        if (existing.isPresent()) {
            throw new IllegalStateException("shipment_booked for order " + booked.orderId() + " with " + carrier + " "
                    + booked.trackingNumber() + " conflicts with the existing shipment of order " + existing.get().orderId()
                    + " with " + existing.get().carrier() + " " + existing.get().trackingNumber());
        }
        return rows.stream().findFirst().map(Row::id).orElseThrow(() -> new IllegalStateException(
                "shipment_booked for order " + booked.orderId() + " conflicted with a shipment that no longer exists"));
    }

    private void validate(ShipmentBooked booked) {
        List<String> missing = new ArrayList<>();
        if (booked.orderId() == null) {
            missing.add("orderId");
        }
        if (booked.storeId() == null) {
            missing.add("storeId");
        }
        if (booked.carrier() == null || booked.carrier().isBlank()) {
            missing.add("carrier");
        }
        if (booked.trackingNumber() == null || booked.trackingNumber().isBlank()) {
            missing.add("trackingNumber");
        }
        if (booked.bookedAt() == null) {
            missing.add("bookedAt");
        }
        if (!missing.isEmpty()) {
            // The payload itself stays out of the message: it holds the buyer's phone.
            throw new IllegalArgumentException("shipment_booked payload of order " + booked.orderId() + " lacks " + missing);
        }
        if (carriers.carrier(booked.carrier()).isEmpty()) {
            throw new IllegalArgumentException("shipment_booked names unknown carrier '" + booked.carrier()
                    + "' (known: " + carriers.carriers().keySet() + ")");
        }
    }
}
