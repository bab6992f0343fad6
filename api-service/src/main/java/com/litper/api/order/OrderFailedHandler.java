package com.litper.api.order;

import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.contracts.OrderFailed;
import com.litper.common.task.ContractHandler;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies {@code order_failed}: the order could not be booked, so it is FAILED with the reason —
 * unless a shipment is already recorded for it. A booking that succeeded (for instance when an
 * operator replayed the failed {@code process_order}) wins, whichever task arrives first: the order
 * row is locked, as {@link ShipmentUpdateHandler} does, so the two never interleave.
 */
@Component
class OrderFailedHandler implements ContractHandler<OrderFailed> {

    private static final Logger log = LoggerFactory.getLogger(OrderFailedHandler.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    OrderFailedHandler(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public Class<OrderFailed> contract() {
        return OrderFailed.class;
    }

    @Override
    public void handle(OrderFailed failed, Task task) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("SELECT store_id FROM api.orders WHERE id = :order FOR UPDATE")
                    .param("order", failed.orderId())
                    .query(UUID.class).optional()
                    .orElseThrow(() -> new PermanentTaskFailure("order_failed for unknown order " + failed.orderId()));
            int updated = jdbc.sql("""
                            UPDATE api.orders SET status = 'FAILED', failure_reason = :reason
                            WHERE id = :order AND NOT EXISTS (SELECT 1 FROM api.order_shipment WHERE order_id = :order)""")
                    .param("order", failed.orderId()).param("reason", failed.reason())
                    .update();
            if (updated == 0) {
                log.info("order_failed for order {} ignored: a shipment is already recorded for it", failed.orderId());
            } else {
                log.info("Order {} failed: {}", failed.orderId(), failed.reason());
            }
        });
    }
}
