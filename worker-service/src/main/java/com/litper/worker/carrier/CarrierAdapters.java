package com.litper.worker.carrier;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.worker.config.CarrierApiProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.client.RestClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The adapter of every registry carrier, made once at start-up: the carrier's own {@link CarrierAdapter}
 * bean where its API differs from Litper's wire format, else a {@link CarrierHttp} on its base URL.
 * A carrier without a base URL (possible only while disabled) has none.
 */
@Component
class CarrierAdapters {

    private final CarrierRegistry registry;
    private final Map<String, CarrierAdapter> adapters;

    CarrierAdapters(CarrierRegistry registry, CarrierApiProperties properties, JsonMapper json, ObjectProvider<CarrierAdapter> ownAdapters) {
        this(registry, properties, json, ownAdapters, RestClient.builder());
    }

    /** @param restClient Spring Boot's builder, observed: each carrier call is a client span */
    @Autowired
    CarrierAdapters(CarrierRegistry registry, CarrierApiProperties properties, JsonMapper json, ObjectProvider<CarrierAdapter> ownAdapters,
            RestClient.Builder restClient) {
        this.registry = registry;
        Map<String, CarrierAdapter> own = new LinkedHashMap<>();
        ownAdapters.orderedStream().forEach(adapter -> {
            String code = CarrierRegistry.normalise(adapter.carrier());
            if (registry.carrier(code).isEmpty()) {
                throw new IllegalStateException(adapter.getClass().getName() + " adapts carrier '" + code
                        + "', which the carrier registry does not have; define it under litper.carriers." + code);
            }
            if (own.put(code, adapter) != null) {
                throw new IllegalStateException("Two CarrierAdapter beans for carrier " + code);
            }
        });
        Map<String, CarrierAdapter> all = new LinkedHashMap<>();
        registry.carriers().forEach((code, carrier) -> {
            if (own.containsKey(code)) {
                all.put(code, own.get(code));
            } else if (carrier.baseUrl() != null) {
                all.put(code, CarrierHttp.of(restClient, code, carrier, properties.timeout(), json));
            }
        });
        this.adapters = Map.copyOf(all);
    }

    /**
     * The adapter of {@code carrier}.
     *
     * @throws IllegalArgumentException the registry has no such carrier, or it has no base URL
     */
    CarrierAdapter of(String carrier) {
        registry.carrier(carrier)
                .orElseThrow(() -> new IllegalArgumentException("Unknown carrier '" + carrier + "'; known: " + registry.codes()));
        CarrierAdapter adapter = adapters.get(CarrierRegistry.normalise(carrier));
        if (adapter == null) {
            throw new IllegalArgumentException("Carrier " + carrier + " has no base-url configured");
        }
        return adapter;
    }
}
