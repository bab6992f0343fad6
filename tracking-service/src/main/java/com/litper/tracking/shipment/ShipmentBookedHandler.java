package com.litper.tracking.shipment;

import com.litper.common.contracts.ShipmentBooked;
import com.litper.common.outbox.Outbox;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import com.litper.tracking.config.TrackedCarriers;
import com.litper.tracking.status.CarrierEvents;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the shipment of a booked order ({@code shipment_booked}), CREATED at version 1, with a
 * first timeline entry, and tells api-service with a {@code shipment_update} and analytics-service with
 * a {@code shipment_changed} (with the carrier's promised date and freight), written to the outbox in
 * the same transaction. The carrier events that arrived for its guide before it are applied in that
 * transaction too, in the order they happened ({@link CarrierEvents}), as if they had come after.
 * Idempotent: a redelivered task finds the shipment already there and does nothing (its update was
 * committed with it); a second booking of the same order under another guide fails the task, for an
 * operator to look at.
 */
@Component
class ShipmentBookedHandler implements ContractHandler<ShipmentBooked> {

    private static final Logger log = LoggerFactory.getLogger(ShipmentBookedHandler.class);

    /** Event id of the timeline's first entry: unique per shipment, and never a carrier's id. */
    static final String BOOKED_EVENT_ID = "litper:booked";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final ShipmentUpdates updates;
    private final TrackedCarriers carriers;
    private final CarrierEvents events;

    ShipmentBookedHandler(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, ShipmentUpdates updates,
            TrackedCarriers carriers, CarrierEvents events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.updates = updates;
        this.carriers = carriers;
        this.events = events;
    }

    @Override
    public Class<ShipmentBooked> contract() {
        return ShipmentBooked.class;
    }

    @Override
    public void handle(ShipmentBooked booked, Task task) {
        validate(booked);
        String carrier = TrackedCarriers.normalise(booked.carrier());
        transactions.executeWithoutResult(tx -> {
            // Before the shipment exists: an event of its guide handled meanwhile is either kept before this, or sees the shipment.
            events.lockGuide(carrier, booked.trackingNumber());
            UUID id = UUID.randomUUID();
            OffsetDateTime bookedAt = OffsetDateTime.ofInstant(booked.bookedAt(), ZoneOffset.UTC);
            int created = jdbc.sql("""
                            INSERT INTO tracking.shipment (id, store_id, order_id, carrier, tracking_number, status, progress, buyer_name,
                                buyer_phone, booked_at, status_occurred_at, version, promised_date, freight)
                            VALUES (:id, :store, :order, :carrier, :trackingNumber, 'CREATED', 'CREATED', :buyerName, :buyerPhone,
                                :bookedAt, :bookedAt, 1, :promisedDate, :freight)
                            ON CONFLICT DO NOTHING""")
                    .param("id", id).param("store", booked.storeId()).param("order", booked.orderId()).param("carrier", carrier)
                    .param("trackingNumber", booked.trackingNumber()).param("buyerName", booked.buyerName())
                    .param("buyerPhone", booked.buyerPhone()).param("bookedAt", bookedAt)
                    .param("promisedDate", booked.promisedDeliveryDate()).param("freight", booked.freight())
                    .update();
            if (created == 0) {
                // Already created (this task retried, or redelivered): its update is in the outbox since then.
                requireSameBooking(booked, carrier);
                // Normally nothing: events kept while an older release, which does not apply them, created the shipment.
                events.applyKept(carrier, booked.trackingNumber());
                return;
            }
            jdbc.sql("""
                            INSERT INTO tracking.tracking_event (shipment_id, carrier_event_id, status, carrier_status, description,
                                occurred_at, applied, shipment_version, shipment_status)
                            VALUES (:shipment, :eventId, 'CREATED', 'booked', :description, :bookedAt, true, 1, 'CREATED')""")
                    .param("shipment", id).param("eventId", BOOKED_EVENT_ID)
                    .param("description", "Guía generada con " + carriers.carrier(carrier).map(TrackedCarriers.Carrier::displayName).orElse(carrier))
                    .param("bookedAt", bookedAt)
                    .update();
            outbox.add(updates.recorded(id, BOOKED_EVENT_ID));
            outbox.add(updates.changed(id, BOOKED_EVENT_ID));
            log.info("Shipment {} created for order {}: {} {}", id, booked.orderId(), carrier, booked.trackingNumber());
            events.applyKept(carrier, booked.trackingNumber());
        });
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

    /** The contract checked the fields; the carrier must also be one this service knows. */
    private void validate(ShipmentBooked booked) {
        if (carriers.carrier(booked.carrier()).isEmpty()) {
            throw new IllegalArgumentException("shipment_booked names unknown carrier '" + booked.carrier()
                    + "' (known: " + carriers.codes() + ")");
        }
    }
}
