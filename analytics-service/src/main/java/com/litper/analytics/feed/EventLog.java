package com.litper.analytics.feed;

import com.litper.common.contracts.OrderPlaced;
import com.litper.common.contracts.ShipmentChanged;
import com.litper.common.contracts.ShipmentUpdate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes what the other services report into {@code analytics.event}: one plain {@code INSERT … ON
 * CONFLICT DO NOTHING} per task, no read before it and no ORM, because this is the path every order
 * and every carrier event of every store goes through. The row's {@code event_key} (with its
 * {@code occurred_at}, which the same task always carries) makes a repeated task insert nothing.
 */
@Component
class EventLog {

    /** The {@code kind}s of {@code analytics.event}. */
    static final String ORDER_PLACED = "ORDER_PLACED";
    static final String SHIPMENT_BOOKED = "SHIPMENT_BOOKED";
    static final String CARRIER_EVENT = "CARRIER_EVENT";

    /** The origin department of an order whose store did not say where it ships from. */
    static final String UNKNOWN_DEPARTMENT = "00";

    private static final String INSERT_ORDER = """
            INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, origin_department, destination_department,
                destination_municipality, cash_on_delivery, declared_value)
            VALUES (:key, 'ORDER_PLACED', :store, :order, :occurredAt, :origin, :destinationDepartment, :destinationMunicipality,
                :cashOnDelivery, :declaredValue)
            ON CONFLICT (event_key, occurred_at) DO NOTHING""";

    private static final String INSERT_SHIPMENT = """
            INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, shipment_id, carrier, tracking_number, status,
                event_status, carrier_status, changed_status, novedad_cause, reason, promised_date, freight, cash_collected)
            VALUES (:key, :kind, :store, :order, :occurredAt, :shipment, :carrier, :trackingNumber, :status, :eventStatus, :carrierStatus,
                :changedStatus, :novedadCause, :reason, :promisedDate, :freight, :cashCollected)
            ON CONFLICT (event_key, occurred_at) DO NOTHING""";

    private final JdbcClient jdbc;

    EventLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records an order's placement; false when it was recorded before. */
    boolean orderPlaced(OrderPlaced order) {
        return jdbc.sql(INSERT_ORDER)
                .param("key", orderKey(order))
                .param("store", order.storeId()).param("order", order.orderId())
                .param("occurredAt", utc(order.createdAt()))
                .param("origin", originDepartment(order.originMunicipalityCode()))
                .param("destinationDepartment", order.destinationDepartmentCode())
                .param("destinationMunicipality", order.destinationMunicipalityCode())
                .param("cashOnDelivery", order.cashOnDelivery()).param("declaredValue", order.declaredValue())
                .update() == 1;
    }

    /** Records a shipment's booking or one of its carrier events; false when it was recorded before. */
    boolean shipmentChanged(ShipmentChanged change) {
        ShipmentChanged.Event event = change.event();
        return jdbc.sql(INSERT_SHIPMENT)
                .param("key", shipmentKey(change))
                .param("kind", kind(change))
                .param("store", change.storeId()).param("order", change.orderId())
                .param("occurredAt", utc(event.occurredAt()))
                .param("shipment", change.shipmentId()).param("carrier", change.carrier()).param("trackingNumber", change.trackingNumber())
                .param("status", change.status()).param("eventStatus", event.status()).param("carrierStatus", event.carrierStatus())
                .param("changedStatus", event.changedStatus())
                .param("novedadCause", change.novedadCause() == null ? null : change.novedadCause().name())
                .param("reason", event.reason())
                .param("promisedDate", change.promisedDeliveryDate()).param("freight", change.freight())
                .param("cashCollected", change.cashCollected())
                .update() == 1;
    }

    static String orderKey(OrderPlaced order) {
        return "order:" + order.orderId();
    }

    static String shipmentKey(ShipmentChanged change) {
        return "shipment:" + change.shipmentId() + ":" + change.event().eventId();
    }

    static String kind(ShipmentChanged change) {
        return ShipmentUpdate.BOOKED.equals(change.event().eventId()) ? SHIPMENT_BOOKED : CARRIER_EVENT;
    }

    /** The DANE department of a municipality code is its first two digits. */
    static String originDepartment(String municipalityCode) {
        return municipalityCode == null || municipalityCode.length() < 2 ? UNKNOWN_DEPARTMENT : municipalityCode.substring(0, 2);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
