package com.litper.worker.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.worker.config.CarrierApiProperties;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

/** Each registry carrier gets Litper's wire format, unless an adapter bean of its own speaks its API. */
class CarrierAdaptersTest {

    private static final CarrierRegistry REGISTRY = new CarrierRegistry(Map.of(
            "tcc", new CarrierRegistry.Carrier("TCC", URI.create("http://tcc.example"), "key", null, true, false),
            "deprisa", new CarrierRegistry.Carrier("Deprisa", URI.create("http://deprisa.example"), null, null, true, false),
            "envia", new CarrierRegistry.Carrier("Envía", null, null, null, false, false)));

    /** What a carrier with an API of its own would bring: one class. */
    record DeprisaAdapter(String carrier) implements CarrierAdapter {

        @Override
        public Shipment book(BookingRequest booking) {
            return new Shipment("DP-" + booking.reference(), carrier, Instant.EPOCH);
        }

        @Override
        public List<CarrierEvent> events(String trackingNumber) {
            return List.of();
        }
    }

    private static CarrierAdapters adapters(CarrierAdapter... own) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        for (int i = 0; i < own.length; i++) {
            beans.addBean("adapter" + i, own[i]);
        }
        CarrierApiProperties properties = new CarrierApiProperties("tcc", Map.of(), Duration.ofSeconds(60),
                new CarrierApiProperties.CircuitBreaker(5, Duration.ofSeconds(30), 1), new CarrierApiProperties.Retry(3, Duration.ofSeconds(2), 2.0),
                Duration.ofDays(7), Duration.ofDays(7));
        return new CarrierAdapters(REGISTRY, properties, JsonMapper.builder().build(), beans.getBeanProvider(CarrierAdapter.class));
    }

    @Test
    void aCarrierWithAnAdapterOfItsOwnIsReachedThroughIt() {
        CarrierAdapters adapters = adapters(new DeprisaAdapter("Deprisa"));

        assertThat(adapters.of("deprisa")).isInstanceOf(DeprisaAdapter.class);
        assertThat(adapters.of("deprisa").book(new BookingRequest("o-1", null, null, 0, 0, "COP", List.of())).trackingNumber())
                .isEqualTo("DP-o-1");
        assertThat(adapters.of("TCC")).isInstanceOf(CarrierHttp.class);
        assertThat(adapters.of("tcc").carrier()).isEqualTo("tcc");
    }

    @Test
    void unknownCarriersAndCarriersWithoutBaseUrlHaveNone() {
        CarrierAdapters adapters = adapters();

        assertThatThrownBy(() -> adapters.of("dhl")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown carrier 'dhl'");
        assertThatThrownBy(() -> adapters.of("envia")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no base-url");
    }

    @Test
    void anAdapterForACarrierTheRegistryLacksStopsTheService() {
        assertThatThrownBy(() -> adapters(new DeprisaAdapter("dhl"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("adapts carrier 'dhl', which the carrier registry does not have");
    }
}
