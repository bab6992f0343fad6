package com.litper.tracking.lookup;

import com.litper.tracking.status.ShipmentStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads a shipment's public timeline, in a read-only transaction so it goes to a replica. */
@Component
class TrackingLookup {

    private final JdbcClient jdbc;
    private final TransactionTemplate readOnly;

    TrackingLookup(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /** The shipments with that guide number (one, or one per carrier that reuses it), newest first, with their timelines. */
    List<TrackingView> find(String trackingNumber, String carrier) {
        return readOnly.execute(tx -> {
            record Row(UUID id, TrackingView view) {
            }
            List<Row> shipments = jdbc.sql("""
                            SELECT id, carrier, tracking_number, status, status_reason, updated_at FROM tracking.shipment
                            WHERE tracking_number = :trackingNumber AND (CAST(:carrier AS text) IS NULL OR carrier = :carrier)
                            ORDER BY created_at DESC""")
                    .param("trackingNumber", trackingNumber).param("carrier", carrier)
                    .query((rs, n) -> new Row(rs.getObject("id", UUID.class), new TrackingView(rs.getString("tracking_number"),
                            rs.getString("carrier"), ShipmentStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
                            rs.getObject("updated_at", OffsetDateTime.class).toInstant(), List.of())))
                    .list();
            return shipments.stream().map(row -> {
                List<TrackingView.Event> events = jdbc.sql("""
                                SELECT status, description, reason, occurred_at FROM tracking.tracking_event
                                WHERE shipment_id = :id ORDER BY occurred_at, id""")
                        .param("id", row.id())
                        .query((rs, n) -> new TrackingView.Event(ShipmentStatus.valueOf(rs.getString("status")), rs.getString("description"),
                                rs.getString("reason"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant()))
                        .list();
                TrackingView view = row.view();
                return new TrackingView(view.trackingNumber(), view.carrier(), view.status(), view.reason(), view.updatedAt(), events);
            }).toList();
        });
    }
}
