package com.litper.api.order;

import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.contracts.ShipmentUpdate;
import com.litper.common.task.ContractHandler;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies {@code shipment_update}: keeps the order's copy of its shipment and timeline, and moves
 * the order to the shipment's status, in one transaction.
 *
 * <p>Updates of one shipment can arrive late, twice or out of order (several workers, retries, a
 * re-enqueue after a failed enqueue). The order row is locked first, so two updates of one order
 * apply one after the other; the shipment's status changes only with a higher version, and a
 * timeline entry is inserted once per event id. So any mix of repeats and late arrivals ends in the
 * same state, and the order's status is always the one of the newest change. An update naming an
 * order api-service does not have, or another store's order, cannot succeed later: it fails
 * permanently, to the {@code api} queue's dead letters.
 */
@Component
class ShipmentUpdateHandler implements ContractHandler<ShipmentUpdate> {

    private static final Logger log = LoggerFactory.getLogger(ShipmentUpdateHandler.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ShipmentUpdateHandler(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public Class<ShipmentUpdate> contract() {
        return ShipmentUpdate.class;
    }

    @Override
    public void handle(ShipmentUpdate update, Task task) {
        transactions.executeWithoutResult(tx -> apply(update));
    }

    private void apply(ShipmentUpdate update) {
        UUID store = jdbc.sql("SELECT store_id FROM api.orders WHERE id = :order FOR UPDATE")
                .param("order", update.orderId())
                .query(UUID.class).optional()
                .orElseThrow(() -> new PermanentTaskFailure("shipment_update for unknown order " + update.orderId() + " (shipment "
                        + update.shipmentId() + ", " + update.carrier() + " " + update.trackingNumber() + ")"));
        if (!store.equals(update.storeId())) {
            throw new PermanentTaskFailure("shipment_update for order " + update.orderId() + " names store " + update.storeId()
                    + ", but the order belongs to store " + store + " (shipment " + update.shipmentId() + ")");
        }
        jdbc.sql("""
                        INSERT INTO api.order_shipment AS s (order_id, shipment_id, carrier, tracking_number, status, status_reason, version,
                            updated_at)
                        VALUES (:order, :shipment, :carrier, :trackingNumber, :status, :reason, :version, :updatedAt)
                        ON CONFLICT (order_id) DO UPDATE SET shipment_id = excluded.shipment_id, carrier = excluded.carrier,
                            tracking_number = excluded.tracking_number, status = excluded.status, status_reason = excluded.status_reason,
                            version = excluded.version, updated_at = excluded.updated_at
                        WHERE s.version < excluded.version""")
                .param("order", update.orderId()).param("shipment", update.shipmentId()).param("carrier", update.carrier())
                .param("trackingNumber", update.trackingNumber()).param("status", update.status())
                .param("reason", update.statusReason()).param("version", update.version())
                .param("updatedAt", utc(update.updatedAt()))
                .update();
        ShipmentUpdate.Event event = update.event();
        jdbc.sql("""
                        INSERT INTO api.order_timeline (order_id, event_id, status, carrier_status, occurred_at, description, reason,
                            changed_status)
                        VALUES (:order, :eventId, :status, :carrierStatus, :occurredAt, :description, :reason, :changedStatus)
                        ON CONFLICT (order_id, event_id) DO NOTHING""")
                .param("order", update.orderId()).param("eventId", event.eventId()).param("status", event.status())
                .param("carrierStatus", event.carrierStatus()).param("occurredAt", utc(event.occurredAt()))
                .param("description", event.description()).param("reason", event.reason())
                .param("changedStatus", event.changedStatus())
                .update();
        // From the shipment as stored, not as this update says: a late update still leaves the newest status.
        String shipmentStatus = jdbc.sql("SELECT status FROM api.order_shipment WHERE order_id = :order")
                .param("order", update.orderId())
                .query(String.class).single();
        OrderStatus status = OrderStatus.ofShipment(shipmentStatus).orElseThrow();
        int moved = jdbc.sql("""
                        UPDATE api.orders SET status = :status, failure_reason = NULL
                        WHERE id = :order AND (status <> :status OR failure_reason IS NOT NULL)
                            -- A buyer's cancellation stands; the carrier was not told of it (docs/api.md, "Buyer actions").
                            AND cancelled_at IS NULL""")
                .param("order", update.orderId()).param("status", status.name())
                .update();
        if (moved > 0) {
            log.info("Order {} is {} (shipment {}, version {})", update.orderId(), status, update.shipmentId(), update.version());
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
