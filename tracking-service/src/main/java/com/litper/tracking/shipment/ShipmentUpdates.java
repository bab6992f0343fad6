package com.litper.tracking.shipment;

import com.litper.common.contracts.NovedadCause;
import com.litper.common.contracts.ShipmentChanged;
import com.litper.common.contracts.ShipmentUpdate;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the {@code shipment_update} and the {@code shipment_changed} of a timeline entry from what
 * was stored with it: the entry, and the shipment's version, status and reason as that change left
 * them. The first run and a retry of the same task therefore build the very same tasks, under the
 * same de-duplication keys.
 */
@Component
public class ShipmentUpdates {

    private final JdbcClient jdbc;

    ShipmentUpdates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The update the timeline entry {@code carrierEventId} of a shipment stands for; it must exist. */
    public ShipmentUpdate recorded(UUID shipmentId, String carrierEventId) {
        return jdbc.sql("""
                        SELECT s.order_id, s.store_id, s.carrier, s.tracking_number, e.carrier_event_id, e.status, e.carrier_status,
                            e.occurred_at, e.description, e.reason, e.applied, e.shipment_status, e.shipment_status_reason,
                            e.shipment_version, e.received_at
                        FROM tracking.tracking_event e JOIN tracking.shipment s ON s.id = e.shipment_id
                        WHERE e.shipment_id = :shipment AND e.carrier_event_id = :eventId""")
                .param("shipment", shipmentId).param("eventId", carrierEventId)
                .query((rs, n) -> {
                    boolean booked = ShipmentBookedHandler.BOOKED_EVENT_ID.equals(rs.getString("carrier_event_id"));
                    ShipmentUpdate.Event event = new ShipmentUpdate.Event(
                            booked ? ShipmentUpdate.BOOKED : rs.getString("carrier_event_id"),
                            rs.getString("status"),
                            booked ? null : rs.getString("carrier_status"),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            rs.getString("description"),
                            rs.getString("reason"),
                            rs.getBoolean("applied"));
                    return new ShipmentUpdate(rs.getObject("order_id", UUID.class), rs.getObject("store_id", UUID.class), shipmentId,
                            rs.getString("carrier"), rs.getString("tracking_number"), rs.getString("shipment_status"),
                            rs.getString("shipment_status_reason"), rs.getLong("shipment_version"),
                            rs.getObject("received_at", OffsetDateTime.class).toInstant(), event);
                })
                .single();
    }

    /**
     * The analytics view of the timeline entry {@code carrierEventId} of a shipment, which must exist:
     * the creation entry carries the carrier's promised date and freight, a novedad its normalised
     * cause, a delivery the cash the carrier collected.
     */
    public ShipmentChanged changed(UUID shipmentId, String carrierEventId) {
        return jdbc.sql("""
                        SELECT s.order_id, s.store_id, s.carrier, s.tracking_number, s.promised_date, s.freight, e.carrier_event_id, e.status,
                            e.carrier_status, e.occurred_at, e.reason, e.applied, e.shipment_status, e.shipment_version, e.cash_collected
                        FROM tracking.tracking_event e JOIN tracking.shipment s ON s.id = e.shipment_id
                        WHERE e.shipment_id = :shipment AND e.carrier_event_id = :eventId""")
                .param("shipment", shipmentId).param("eventId", carrierEventId)
                .query((rs, n) -> {
                    boolean booked = ShipmentBookedHandler.BOOKED_EVENT_ID.equals(rs.getString("carrier_event_id"));
                    String status = rs.getString("status");
                    String reason = rs.getString("reason");
                    ShipmentChanged.Event event = new ShipmentChanged.Event(
                            booked ? ShipmentUpdate.BOOKED : rs.getString("carrier_event_id"),
                            status,
                            booked ? null : rs.getString("carrier_status"),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            reason,
                            rs.getBoolean("applied"));
                    return new ShipmentChanged(rs.getObject("order_id", UUID.class), rs.getObject("store_id", UUID.class), shipmentId,
                            rs.getString("carrier"), rs.getString("tracking_number"), rs.getString("shipment_status"),
                            rs.getLong("shipment_version"), event,
                            "EXCEPTION".equals(status) ? NovedadCause.classify(reason) : null,
                            booked ? rs.getObject("promised_date", LocalDate.class) : null,
                            booked ? rs.getObject("freight", Long.class) : null,
                            rs.getObject("cash_collected", Long.class));
                })
                .single();
    }
}
