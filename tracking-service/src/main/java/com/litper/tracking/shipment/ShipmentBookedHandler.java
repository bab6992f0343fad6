package com.litper.tracking.shipment;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
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
 * Creates the shipment of a booked order ({@code shipment_booked}), CREATED, with a first
 * timeline entry. A redelivered task finds the shipment already there and does nothing; a second
 * booking of the same order under another guide fails the task, for an operator to look at.
 */
@Component
class ShipmentBookedHandler implements TaskHandler {

    private static final Logger log = LoggerFactory.getLogger(ShipmentBookedHandler.class);

    /** Event id of the timeline's first entry: unique per shipment, and never a carrier's id. */
    static final String BOOKED_EVENT_ID = "litper:booked";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CarrierProperties carriers;
    private final JsonMapper json;

    ShipmentBookedHandler(JdbcClient jdbc, TransactionTemplate transactions, CarrierProperties carriers, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
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
        transactions.executeWithoutResult(tx -> {
            UUID id = UUID.randomUUID();
            OffsetDateTime bookedAt = OffsetDateTime.ofInstant(booked.bookedAt(), ZoneOffset.UTC);
            int created = jdbc.sql("""
                            INSERT INTO tracking.shipment (id, store_id, order_id, carrier, tracking_number, status, progress, buyer_name,
                                buyer_phone, booked_at, status_occurred_at)
                            VALUES (:id, :store, :order, :carrier, :trackingNumber, 'CREATED', 'CREATED', :buyerName, :buyerPhone,
                                :bookedAt, :bookedAt)
                            ON CONFLICT DO NOTHING""")
                    .param("id", id).param("store", booked.storeId()).param("order", booked.orderId()).param("carrier", carrier)
                    .param("trackingNumber", booked.trackingNumber()).param("buyerName", booked.buyerName())
                    .param("buyerPhone", booked.buyerPhone()).param("bookedAt", bookedAt)
                    .update();
            if (created == 0) {
                requireSameBooking(booked, carrier);
                return;
            }
            jdbc.sql("""
                            INSERT INTO tracking.tracking_event (shipment_id, carrier_event_id, status, carrier_status, description,
                                occurred_at, applied)
                            VALUES (:shipment, :eventId, 'CREATED', 'booked', :description, :bookedAt, true)""")
                    .param("shipment", id).param("eventId", BOOKED_EVENT_ID)
                    .param("description", "Guía generada con " + carriers.carrier(carrier).map(c -> c.displayName(carrier)).orElse(carrier))
                    .param("bookedAt", bookedAt)
                    .update();
            log.info("Shipment {} created for order {}: {} {}", id, booked.orderId(), carrier, booked.trackingNumber());
        });
    }

    private void requireSameBooking(ShipmentBooked booked, String carrier) {
        record Existing(UUID orderId, String carrier, String trackingNumber) {
        }
        Optional<Existing> existing = jdbc.sql("""
                        SELECT order_id, carrier, tracking_number FROM tracking.shipment
                        WHERE order_id = :order OR (carrier = :carrier AND tracking_number = :trackingNumber)""")
                .param("order", booked.orderId()).param("carrier", carrier).param("trackingNumber", booked.trackingNumber())
                .query((rs, n) -> new Existing(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
                .list().stream().findFirst();
        Existing same = new Existing(booked.orderId(), carrier, booked.trackingNumber());
        if (existing.isPresent() && !existing.get().equals(same)) {
            throw new IllegalStateException("shipment_booked for order " + booked.orderId() + " with " + carrier + " "
                    + booked.trackingNumber() + " conflicts with the existing shipment of order " + existing.get().orderId()
                    + " with " + existing.get().carrier() + " " + existing.get().trackingNumber());
        }
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
