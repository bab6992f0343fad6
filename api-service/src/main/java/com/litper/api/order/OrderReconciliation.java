package com.litper.api.order;

import com.litper.common.outbox.ReconciledTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An order still CREATED — neither booked (shipment_update) nor failed (order_failed) — after
 * {@code litper.reconcile.after} has its {@code process_order} dispatched again from the outbox
 * (common's {@code OutboxReconciler}, docs/queue.md): Redis may have lost the task in a
 * failover. Booking twice is harmless: worker-service books with the order id as the carrier's
 * Idempotency-Key, so a second run gets the same guide.
 */
@Configuration(proxyBeanMethods = false)
class OrderReconciliation {

    @Bean
    ReconciledTask processOrderReconciled() {
        return new ReconciledTask("process_order",
                "EXISTS (SELECT 1 FROM api.orders r WHERE r.id = (o.payload->>'orderId')::uuid AND r.status = 'CREATED')");
    }
}
