package com.litper.tracking.status;

import com.litper.common.outbox.ReconciledTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A carrier event the webhook accepted (its {@code carrier_event} in tracking's outbox) that after
 * {@code litper.reconcile.after} is neither in its shipment's timeline nor kept for a shipment to come
 * is dispatched again (common's {@code OutboxReconciler}, docs/queue.md): Redis may have lost
 * the task in a failover. Applying it twice is harmless: events are de-duplicated when applied, by
 * shipment and event id.
 */
@Configuration(proxyBeanMethods = false)
class CarrierEventReconciliation {

    @Bean
    ReconciledTask carrierEventReconciled() {
        return new ReconciledTask("carrier_event", """
                NOT EXISTS (SELECT 1 FROM tracking.tracking_event e JOIN tracking.shipment s ON s.id = e.shipment_id
                    WHERE s.carrier = o.payload->>'carrier' AND s.tracking_number = o.payload->'event'->>'trackingNumber'
                    AND e.carrier_event_id = o.payload->'event'->>'eventId')
                AND NOT EXISTS (SELECT 1 FROM tracking.pending_carrier_event p
                    WHERE p.carrier = o.payload->>'carrier' AND p.tracking_number = o.payload->'event'->>'trackingNumber'
                    AND p.carrier_event_id = o.payload->'event'->>'eventId')""");
    }
}
