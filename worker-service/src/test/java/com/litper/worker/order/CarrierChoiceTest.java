package com.litper.worker.order;

import com.litper.common.contracts.ProcessOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.queue.PermanentTaskFailure;
import com.litper.worker.config.CarrierProperties;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The carrier of an order: an enabled preference, else the store's enabled rule, else the default. */
class CarrierChoiceTest {

    private static final UUID RULED_STORE = UUID.randomUUID();

    @Test
    void choosesPreferenceThenStoreRuleThenDefault() {
        CarrierChoice choice = new CarrierChoice(properties("servientrega", false, false));

        assertThat(choice.carrierFor(order(RULED_STORE, "Coordinadora"))).isEqualTo("coordinadora");
        assertThat(choice.carrierFor(order(RULED_STORE, "envia"))).as("disabled preference").isEqualTo("tcc");
        assertThat(choice.carrierFor(order(RULED_STORE, null))).isEqualTo("tcc");
        assertThat(choice.carrierFor(order(UUID.randomUUID(), "dhl"))).as("unknown preference").isEqualTo("servientrega");
        assertThat(choice.carrierFor(order(UUID.randomUUID(), null))).isEqualTo("servientrega");
    }

    @Test
    void aDisabledRuleFallsBackToTheDefaultAndADisabledDefaultIsAClearError() {
        assertThat(new CarrierChoice(properties("servientrega", true, false)).carrierFor(order(RULED_STORE, null))).isEqualTo("servientrega");
        assertThatThrownBy(() -> new CarrierChoice(properties("servientrega", true, true)).carrierFor(order(RULED_STORE, null)))
                .isInstanceOf(PermanentTaskFailure.class)
                .hasMessageContaining("default carrier servientrega is disabled");
    }

    private static CarrierProperties properties(String defaultCarrier, boolean tccDisabled, boolean servientregaDisabled) {
        URI url = URI.create("http://carrier.example");
        return new CarrierProperties(defaultCarrier, Map.of(RULED_STORE.toString(), "tcc"), java.time.Duration.ofSeconds(60),
                new CarrierProperties.CircuitBreaker(5, java.time.Duration.ofSeconds(30), 1),
                new CarrierProperties.Retry(3, java.time.Duration.ofSeconds(2), 2.0), java.time.Duration.ofDays(7),
                new CarrierProperties.Carrier(url, null, !servientregaDisabled, null),
                new CarrierProperties.Carrier(url, null, true, null),
                new CarrierProperties.Carrier(url, null, true, null),
                new CarrierProperties.Carrier(url, null, false, null),
                new CarrierProperties.Carrier(url, null, !tccDisabled, null));
    }

    private static ProcessOrder order(UUID storeId, String preferredCarrier) {
        return new ProcessOrder(UUID.randomUUID(), storeId, "Tienda", new ProcessOrder.Buyer("Ana", "+573001234567"),
                new ProcessOrder.Destination("Calle 1", "05001", "Medellín", "05", "Antioquia"),
                List.of(new ProcessOrder.Item("S", "N", 1, 1)), 1L, 0L, preferredCarrier, null);
    }
}
