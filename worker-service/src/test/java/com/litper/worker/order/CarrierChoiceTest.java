package com.litper.worker.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.contracts.ProcessOrder;
import com.litper.common.queue.DeferTask;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.FreePorts;
import com.litper.worker.config.CarrierApiProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The carrier of an order: an enabled preference, else the carrier pinned for the order, else the
 * measured choice analytics-service published for the store's route or the store's published
 * fallback, else the store's configured rule, else the default; against the embedded Redis.
 */
@ExtendWith(EmbeddedInfrastructure.class)
class CarrierChoiceTest {

    private static final UUID RULED_STORE = UUID.randomUUID();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static LettuceConnectionFactory connections;
    private static LettuceConnectionFactory nowhere;
    private static StringRedisTemplate redis;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void connect() {
        connections = factory(EmbeddedInfrastructure.redis().port());
        redis = new StringRedisTemplate(connections);
        // A port nothing listens on: Redis unreachable.
        nowhere = factory(FreePorts.next());
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
        nowhere.destroy();
    }

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
        CarrierChoiceStore store = new CarrierChoiceStore(redis, JSON);
        assertThatThrownBy(() -> new CarrierChoice(registry(false, false), properties("dhl", Map.of()), store, meters))
                .hasMessageContaining("litper.carrier-api.default-carrier must be one of").hasMessageContaining("dhl");
        assertThatThrownBy(() -> new CarrierChoice(registry(false, false), properties("servientrega", Map.of(RULED_STORE.toString(), "dhl")),
                store, meters)).hasMessageContaining("litper.carrier-api.store-rules." + RULED_STORE + " must be one of");
    }

    @Test
    void thePublishedChoiceOfTheRouteBeatsTheStoreRuleAndTheFallbackCoversOtherRoutes() {
        UUID store = UUID.randomUUID();
        publish(store, "00-05", "interrapidisimo");
        publish(store, "00-11", "envia"); // disabled: never booked
        publish(store, PublishedCarrierChoice.FALLBACK_FIELD, "coordinadora");
        CarrierChoice choice = choice("servientrega", false, false);

        assertThat(choice.carrierFor(order(store, null, "05"))).isEqualTo("interrapidisimo");
        assertThat(choice.carrierFor(order(store, null, "11"))).as("disabled choice: the fallback").isEqualTo("coordinadora");
        assertThat(choice.carrierFor(order(store, null, "76"))).as("no choice for the route: the fallback").isEqualTo("coordinadora");
        assertThat(choice.carrierFor(order(store, "tcc", "05"))).as("the order's preference first").isEqualTo("tcc");
        assertThat(count("measured")).isEqualTo(1);
        assertThat(count("store_fallback")).isEqualTo(2);

        // The destination's department from its municipality when the department code is missing.
        ProcessOrder noDepartment = new ProcessOrder(UUID.randomUUID(), store, "Tienda", new ProcessOrder.Buyer("Ana", "+573001234567"),
                new ProcessOrder.Destination("Calle 1", "05001", "Medellín", null, null), List.of(new ProcessOrder.Item("S", "N", 1, 1)),
                1L, 0L, null, null);
        assertThat(choice.carrierFor(noDepartment)).isEqualTo("interrapidisimo");

        // Nothing published for the store, or only a disabled carrier: the configured rule.
        UUID ruled = RULED_STORE;
        redis.delete(PublishedCarrierChoice.key(ruled));
        assertThat(choice.carrierFor(order(ruled, null, "05"))).isEqualTo("tcc");
        assertThat(count("configured")).isEqualTo(1);
    }

    @Test
    void theChoiceIsPinnedPerOrderSoARedeliveryBooksWithTheSameCarrier() {
        UUID store = UUID.randomUUID();
        publish(store, "00-05", "interrapidisimo");
        CarrierChoice choice = choice("servientrega", false, false);
        ProcessOrder order = order(store, null, "05");

        assertThat(choice.carrierFor(order, 1)).isEqualTo("interrapidisimo");
        assertThat(redis.opsForValue().get(CarrierChoiceStore.pinKey(order.orderId()))).isEqualTo("interrapidisimo");
        assertThat(redis.getExpire(CarrierChoiceStore.pinKey(order.orderId()))).isBetween(Duration.ofDays(7).toSeconds() - 60,
                Duration.ofDays(7).toSeconds());

        // analytics-service changes its mind between two deliveries of the same task.
        publish(store, "00-05", "coordinadora");
        assertThat(choice.carrierFor(order, 2)).isEqualTo("interrapidisimo");
        assertThat(choice.carrierFor(order, 1)).as("a deferred delivery keeps its attempt number").isEqualTo("interrapidisimo");
        assertThat(choice.carrierFor(order(store, null, "05"), 1)).as("a new order").isEqualTo("coordinadora");
        assertThat(count("pinned")).isEqualTo(2);

        // A redelivery without a pin: its first delivery could not reach Redis and used the configured rule.
        ProcessOrder unpinned = order(store, null, "05");
        assertThat(choice.carrierFor(unpinned, 2)).isEqualTo("servientrega");
        assertThat(redis.opsForValue().get(CarrierChoiceStore.pinKey(unpinned.orderId()))).isEqualTo("servientrega");
    }

    @Test
    void aPinnedCarrierDisabledSinceIsReplacedByAFreshChoice() {
        UUID store = UUID.randomUUID();
        ProcessOrder order = order(store, null, "05");
        redis.opsForValue().set(CarrierChoiceStore.pinKey(order.orderId()), "envia", Duration.ofMinutes(5));
        publish(store, "00-05", "coordinadora");

        assertThat(choice("servientrega", false, false).carrierFor(order, 2)).isEqualTo("coordinadora");
        assertThat(redis.opsForValue().get(CarrierChoiceStore.pinKey(order.orderId()))).isEqualTo("coordinadora");
    }

    @Test
    void withRedisUnreachableAFirstDeliveryUsesTheConfiguredRuleAndARedeliveryWaits() {
        CarrierChoice choice = new CarrierChoice(registry(false, false), properties("servientrega", Map.of(RULED_STORE.toString(), "tcc")),
                new CarrierChoiceStore(new StringRedisTemplate(nowhere), JSON), meters);

        assertThat(choice.carrierFor(order(RULED_STORE, null, "05"), 1)).isEqualTo("tcc");
        assertThat(choice.carrierFor(order(UUID.randomUUID(), null, "05"), 1)).isEqualTo("servientrega");
        assertThat(choice.carrierFor(order(UUID.randomUUID(), "coordinadora", "05"), 3)).as("a preference needs no Redis")
                .isEqualTo("coordinadora");
        assertThatThrownBy(() -> choice.carrierFor(order(RULED_STORE, null, "05"), 2)).isInstanceOf(DeferTask.class)
                .hasMessageContaining("Redis unreachable");
        assertThat(meters.counter("litper.carrier_choice.redis_unavailable").count()).isEqualTo(3);
        assertThat(count("redis_unavailable")).isEqualTo(2);
    }

    private double count(String source) {
        return meters.counter("litper.carrier_choice.choices", "source", source).count();
    }

    private static void publish(UUID store, String field, String carrier) {
        PublishedCarrierChoice choice = new PublishedCarrierChoice(carrier, PublishedCarrierChoice.Basis.STORE, 0.9, 0.9, 40, Instant.now(),
                "test");
        redis.opsForHash().put(PublishedCarrierChoice.key(store), field, JSON.writeValueAsString(choice));
        redis.expire(PublishedCarrierChoice.key(store), Duration.ofMinutes(5));
    }

    private CarrierChoice choice(String defaultCarrier, boolean tccDisabled, boolean servientregaDisabled) {
        return new CarrierChoice(registry(tccDisabled, servientregaDisabled), properties(defaultCarrier, Map.of(RULED_STORE.toString(), "tcc")),
                new CarrierChoiceStore(redis, JSON), meters);
    }

    private static LettuceConnectionFactory factory(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
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
                new CarrierApiProperties.Retry(3, Duration.ofSeconds(2), 2.0), Duration.ofDays(7), Duration.ofDays(7));
    }

    private static ProcessOrder order(UUID storeId, String preferredCarrier) {
        return order(storeId, preferredCarrier, "05");
    }

    private static ProcessOrder order(UUID storeId, String preferredCarrier, String department) {
        return new ProcessOrder(UUID.randomUUID(), storeId, "Tienda", new ProcessOrder.Buyer("Ana", "+573001234567"),
                new ProcessOrder.Destination("Calle 1", department + "001", "Medellín", department, "Antioquia"),
                List.of(new ProcessOrder.Item("S", "N", 1, 1)), 1L, 0L, preferredCarrier, null);
    }
}
