package com.litper.worker.order;

import com.litper.common.contracts.ProcessOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.worker.config.CarrierApiProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The carrier of an order: an enabled preference, else the store's enabled rule, else the default. */
class CarrierChoiceTest {

    private static final UUID RULED_STORE = UUID.randomUUID();

    @Test
    void choosesPreferenceThenStoreRuleThenDefault() {
        CarrierChoice choice = choice("servientrega", false, false);

        assertThat(choice.carrierFor(order(RULED_STORE, "Coordinadora"))).isEqualTo("coordinadora");
        assertThat(choice.carrierFor(order(RULED_STORE, "envia"))).as("disabled preference").isEqualTo("tcc");
        assertThat(choice.carrierFor(order(RULED_STORE, null))).isEqualTo("tcc");
        assertThat(choice.carrierFor(order(UUID.randomUUID(), "dhl"))).as("unknown preference").isEqualTo("servientrega");
        assertThat(choice.carrierFor(order(UUID.randomUUID(), null))).isEqualTo("servientrega");
    }

    @Test
    void aDisabledRuleFallsBackToTheDefaultAndADisabledDefaultIsAClearError() {
        assertThat(choice("servientrega", true, false).carrierFor(order(RULED_STORE, null))).isEqualTo("servientrega");
        assertThatThrownBy(() -> choice("servientrega", true, true).carrierFor(order(RULED_STORE, null)))
                .isInstanceOf(PermanentTaskFailure.class)
                .hasMessageContaining("default carrier servientrega is disabled");
    }

    @Test
    void aDefaultOrStoreRuleNamingNoRegistryCarrierStopsTheServiceNamingTheProperty() {
        assertThatThrownBy(() -> new CarrierChoice(registry(false, false), properties("dhl", Map.of())))
                .hasMessageContaining("litper.carrier-api.default-carrier must be one of").hasMessageContaining("dhl");
        assertThatThrownBy(() -> new CarrierChoice(registry(false, false), properties("servientrega", Map.of(RULED_STORE.toString(), "dhl"))))
                .hasMessageContaining("litper.carrier-api.store-rules." + RULED_STORE + " must be one of");
    }

    private static CarrierChoice choice(String defaultCarrier, boolean tccDisabled, boolean servientregaDisabled) {
        return new CarrierChoice(registry(tccDisabled, servientregaDisabled), properties(defaultCarrier, Map.of(RULED_STORE.toString(), "tcc")));
    }

    private static CarrierRegistry registry(boolean tccDisabled, boolean servientregaDisabled) {
        return new CarrierRegistry(Map.of(
                "servientrega", carrier(!servientregaDisabled),
                "coordinadora", carrier(true),
                "interrapidisimo", carrier(true),
                "envia", carrier(false),
                "tcc", carrier(!tccDisabled)));
    }

    private static CarrierRegistry.Carrier carrier(boolean enabled) {
        return new CarrierRegistry.Carrier(null, URI.create("http://carrier.example"), null, null, enabled, false);
    }

    private static CarrierApiProperties properties(String defaultCarrier, Map<String, String> storeRules) {
        return new CarrierApiProperties(defaultCarrier, storeRules, Duration.ofSeconds(60),
                new CarrierApiProperties.CircuitBreaker(5, Duration.ofSeconds(30), 1),
                new CarrierApiProperties.Retry(3, Duration.ofSeconds(2), 2.0), Duration.ofDays(7));
    }

    private static ProcessOrder order(UUID storeId, String preferredCarrier) {
        return new ProcessOrder(UUID.randomUUID(), storeId, "Tienda", new ProcessOrder.Buyer("Ana", "+573001234567"),
                new ProcessOrder.Destination("Calle 1", "05001", "Medellín", "05", "Antioquia"),
                List.of(new ProcessOrder.Item("S", "N", 1, 1)), 1L, 0L, preferredCarrier, null);
    }
}
