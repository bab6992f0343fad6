package com.litper.worker.order;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.contracts.ProcessOrder;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.worker.config.CarrierApiProperties;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Picks the carrier of an order: the order's preference when that carrier is enabled, else the
 * store's rule ({@code litper.carrier-api.store-rules.<storeId>}) when enabled, else the default
 * carrier. The choice depends only on the order and the configuration, so a redelivered task books
 * with the same carrier (and the carrier's idempotency then prevents a second shipment).
 */
@Component
class CarrierChoice {

    private final CarrierRegistry registry;
    private final CarrierApiProperties properties;

    CarrierChoice(CarrierRegistry registry, CarrierApiProperties properties) {
        this.registry = registry;
        this.properties = properties;
        // Checked here rather than in the properties: only the registry knows the carriers.
        if (registry.carrier(properties.defaultCarrier()).isEmpty()) {
            throw new IllegalArgumentException("litper.carrier-api.default-carrier must be one of " + registry.codes() + ", was "
                    + properties.defaultCarrier());
        }
        properties.storeRules().forEach((store, carrier) -> {
            if (registry.carrier(carrier).isEmpty()) {
                throw new IllegalArgumentException("litper.carrier-api.store-rules." + store + " must be one of " + registry.codes()
                        + ", was " + carrier);
            }
        });
    }

    String carrierFor(ProcessOrder order) {
        Optional<String> preferred = enabled(order.preferredCarrier());
        if (preferred.isPresent()) {
            return preferred.get();
        }
        Optional<String> storeRule = enabled(properties.storeRules().get(order.storeId().toString()));
        if (storeRule.isPresent()) {
            return storeRule.get();
        }
        // Permanent for this order: only a configuration change helps, after which its dead letter can be replayed.
        return enabled(properties.defaultCarrier()).orElseThrow(() -> new PermanentTaskFailure(
                "Order " + order.orderId() + " has no usable carrier: the default carrier " + properties.defaultCarrier() + " is disabled"));
    }

    private Optional<String> enabled(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String code = CarrierRegistry.normalise(name);
        return registry.carrier(code).filter(CarrierRegistry.Carrier::enabled).map(carrier -> code);
    }
}
