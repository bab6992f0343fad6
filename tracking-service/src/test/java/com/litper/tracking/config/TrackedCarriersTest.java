package com.litper.tracking.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.tracking.status.ShipmentStatus;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry joined with the status codes: a carrier whose events could never be applied stops the service. */
class TrackedCarriersTest {

    private static final URI URL = URI.create("http://carrier.example");

    private static CarrierRegistry registry(CarrierRegistry.Carrier tcc) {
        return new CarrierRegistry(Map.of("tcc", tcc,
                "envia", new CarrierRegistry.Carrier("Envía", URL, null, null, true, false)));
    }

    private static StatusCodeProperties codes(Map<String, StatusCodeProperties.StatusCodes> tables) {
        return new StatusCodeProperties(tables);
    }

    @Test
    void statusCodesOfACarrierTheRegistryLacksAreRefused() {
        StatusCodeProperties codes = codes(Map.of("deprisa", new StatusCodeProperties.StatusCodes(Map.of("1", ShipmentStatus.CREATED))));

        assertThatThrownBy(() -> new TrackedCarriers(registry(new CarrierRegistry.Carrier(null, URL, null, null, true, false)), codes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("litper.tracking.carriers.deprisa.statuses names no carrier of the registry");
    }

    @Test
    void aCarrierThatSendsWebhooksOrIsPolledNeedsStatusCodes() {
        assertThatThrownBy(() -> new TrackedCarriers(registry(new CarrierRegistry.Carrier(null, URL, null, "secret", true, false)), codes(Map.of())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("litper.tracking.carriers.tcc.statuses is empty, but tcc sends webhooks");
        assertThatThrownBy(() -> new TrackedCarriers(registry(new CarrierRegistry.Carrier(null, URL, null, null, true, true)), codes(Map.of())))
                .hasMessageContaining("tcc is polled");
    }

    @Test
    void aCarrierThatOnlyBooksNeedsNone() {
        TrackedCarriers carriers = new TrackedCarriers(registry(new CarrierRegistry.Carrier(null, URL, null, null, true, false)), codes(Map.of(
                "TCC", new StatusCodeProperties.StatusCodes(Map.of(" 50 ", ShipmentStatus.DELIVERED)))));

        assertThat(carriers.codes()).containsExactly("envia", "tcc");
        assertThat(carriers.carrier("tcc").orElseThrow().statusOf("50")).contains(ShipmentStatus.DELIVERED);
        assertThat(carriers.carrier("tcc").orElseThrow().displayName()).isEqualTo("Tcc");
        assertThat(carriers.carrier("envia").orElseThrow().statuses()).isEmpty();
        assertThat(carriers.polled()).isEmpty();
    }
}
