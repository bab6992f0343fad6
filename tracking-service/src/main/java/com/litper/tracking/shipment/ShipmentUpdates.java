package com.litper.tracking.shipment;

import com.litper.common.contracts.ShipmentUpdate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds the {@code shipment_update} of a timeline entry from what was stored with it: the entry,
 * and the shipment's version, status and reason as that change left them. The first run and a
 * retry of the same task therefore build the very same update, under the same de-duplication key.
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
}
