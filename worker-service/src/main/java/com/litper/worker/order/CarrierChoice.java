package com.litper.worker.order;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.contracts.ProcessOrder;
import com.litper.common.queue.DeferTask;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.worker.config.CarrierApiProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Picks the carrier of an order (docs/carriers-api.md): the order's preference when that carrier is
 * enabled; else the carrier analytics-service measured best for the store's route and published in
 * Redis, or the store's published fallback (docs/analytics.md, "Carrier choice"); else the store's
 * configured rule ({@code litper.carrier-api.store-rules.<storeId>}) when enabled; else the default.
 *
 * <p>A published choice changes as the numbers do, so a choice made from Redis would not be the same
 * on a redelivered task, and a second carrier would book the parcel twice. Before booking, the
 * chosen carrier is therefore pinned per order in Redis (SET NX, {@code litper.carrier-api.choice-pin});
 * every later delivery books with the pinned carrier while it is enabled. A redelivery that finds no
 * pin (its first delivery could not reach Redis and used the configured rule) uses the configured rule.
 *
 * <p>Redis unreachable: a first delivery uses the configured rule (nothing was booked before it), so
 * analytics or Redis being down never stops a booking; a redelivery waits and tries again
 * ({@link DeferTask}), since its first delivery may have pinned and booked a measured carrier.
 * Either is logged and counted ({@code litper_carrier_choice_redis_unavailable_total}); every choice is
 * counted by where it came from ({@code litper_carrier_choice_choices_total{source}}: preference, pinned,
 * measured, store_fallback, configured, redis_unavailable).
 */
@Component
class CarrierChoice {

    private static final Logger log = LoggerFactory.getLogger(CarrierChoice.class);
    private static final Duration REDIS_WAIT = Duration.ofSeconds(5);

    private final CarrierRegistry registry;
    private final CarrierApiProperties properties;
    private final CarrierChoiceStore store;
    private final MeterRegistry meters;
    private final Counter redisUnavailable;

    CarrierChoice(CarrierRegistry registry, CarrierApiProperties properties, CarrierChoiceStore store, MeterRegistry meters) {
        this.registry = registry;
        this.properties = properties;
        this.store = store;
        this.meters = meters;
        this.redisUnavailable = Counter.builder("litper.carrier_choice.redis_unavailable")
                .description("Carrier choices made without Redis (configured rule) or put off because Redis was unreachable")
                .register(meters);
        // Checked here rather than in the properties: only the registry knows the carriers.
        if (registry.carrier(properties.defaultCarrier()).isEmpty()) {
            throw new IllegalArgumentException("litper.carrier-api.default-carrier must be one of " + registry.codes() + ", was "
                    + properties.defaultCarrier());
        }
        properties.storeRules().forEach((storeId, carrier) -> {
            if (registry.carrier(carrier).isEmpty()) {
                throw new IllegalArgumentException("litper.carrier-api.store-rules." + storeId + " must be one of " + registry.codes()
                        + ", was " + carrier);
            }
        });
    }

    /** The carrier of a first delivery of the order's task. */
    String carrierFor(ProcessOrder order) {
        return carrierFor(order, 1);
    }

    /** The carrier of the order's task at its {@code attempt}-th delivery (from 1). */
    String carrierFor(ProcessOrder order, int attempt) {
        Optional<String> preferred = enabled(order.preferredCarrier());
        if (preferred.isPresent()) {
            // Part of the payload: the same on every delivery, nothing to pin.
            return chosen("preference", preferred.get());
        }
        Optional<String> pinned;
        try {
            pinned = store.pinned(order.orderId());
        } catch (DataAccessException e) {
            return withoutRedis(order, attempt, e);
        }
        if (pinned.isPresent() && enabled(pinned.get()).isPresent()) {
            return chosen("pinned", pinned.get());
        }
        try {
            String source;
            String carrier;
            Optional<CarrierChoiceStore.Published> measured = attempt > 1 && pinned.isEmpty() ? Optional.empty() : measured(order);
            if (measured.isPresent()) {
                carrier = measured.get().carrier();
                source = measured.get().field().equals(PublishedCarrierChoice.FALLBACK_FIELD) ? "store_fallback" : "measured";
            } else {
                carrier = configured(order);
                source = "configured";
            }
            String result;
            if (pinned.isPresent()) {
                // The pinned carrier was disabled since: an operator's decision, as before pins existed.
                store.repin(order.orderId(), carrier, properties.choicePin());
                log.atWarn().addKeyValue("order.id", order.orderId()).addKeyValue("carrier", carrier)
                        .log("Order {} was pinned to {}, now disabled; it goes to {}", order.orderId(), pinned.get(), carrier);
                result = carrier;
            } else {
                result = store.pin(order.orderId(), carrier, properties.choicePin());
            }
            if (!result.equals(carrier)) {
                if (enabled(result).isPresent()) {
                    // Another delivery of the same task pinned first: book with its carrier.
                    return chosen("pinned", result);
                }
                store.repin(order.orderId(), carrier, properties.choicePin());
            }
            return chosen(source, carrier);
        } catch (DataAccessException e) {
            return withoutRedis(order, attempt, e);
        }
    }

    /** The first enabled carrier published for the store's route (exact origin, then unknown origin), or its fallback. */
    private Optional<CarrierChoiceStore.Published> measured(ProcessOrder order) {
        String destination = destinationDepartment(order);
        List<String> routes = new ArrayList<>();
        if (destination != null) {
            String origin = originDepartment(order);
            routes.add(PublishedCarrierChoice.routeField(origin, destination));
            if (!origin.equals(PublishedCarrierChoice.UNKNOWN_ORIGIN)) {
                routes.add(PublishedCarrierChoice.routeField(PublishedCarrierChoice.UNKNOWN_ORIGIN, destination));
            }
        }
        return store.published(order.storeId(), routes).stream().filter(p -> enabled(p.carrier()).isPresent()).findFirst()
                .map(p -> new CarrierChoiceStore.Published(p.field(), CarrierRegistry.normalise(p.carrier())));
    }

    private String withoutRedis(ProcessOrder order, int attempt, DataAccessException e) {
        redisUnavailable.increment();
        if (attempt > 1) {
            log.atWarn().addKeyValue("order.id", order.orderId()).setCause(e)
                    .log("Redis unreachable: order {} waits, since an earlier delivery may have pinned its carrier", order.orderId());
            throw new DeferTask(REDIS_WAIT, "Redis unreachable while choosing the carrier of redelivered order " + order.orderId());
        }
        String carrier = configured(order);
        log.atWarn().addKeyValue("order.id", order.orderId()).addKeyValue("carrier", carrier).setCause(e)
                .log("Redis unreachable: order {} goes to the configured carrier {} without a measured choice", order.orderId(), carrier);
        return chosen("redis_unavailable", carrier);
    }

    /** The store's configured rule when its carrier is enabled, else the default carrier. */
    private String configured(ProcessOrder order) {
        Optional<String> storeRule = enabled(properties.storeRules().get(order.storeId().toString()));
        if (storeRule.isPresent()) {
            return storeRule.get();
        }
        // Permanent for this order: only a configuration change helps, after which its dead letter can be replayed.
        return enabled(properties.defaultCarrier()).orElseThrow(() -> new PermanentTaskFailure(
                "Order " + order.orderId() + " has no usable carrier: the default carrier " + properties.defaultCarrier() + " is disabled"));
    }

    private String chosen(String source, String carrier) {
        meters.counter("litper.carrier_choice.choices", "source", source).increment();
        return carrier;
    }

    /** The department the order leaves from: the first two digits of its origin's DANE code, '00' when the order has none. */
    private static String originDepartment(ProcessOrder order) {
        String municipality = order.originMunicipalityCode() == null ? "" : order.originMunicipalityCode().strip();
        return municipality.length() == 5 && PublishedCarrierChoice.isDepartment(municipality.substring(0, 2)) ? municipality.substring(0, 2)
                : PublishedCarrierChoice.UNKNOWN_ORIGIN;
    }

    /** The destination's department: its code, else the first two digits of its DANE municipality code. */
    private static String destinationDepartment(ProcessOrder order) {
        ProcessOrder.Destination to = order.destination();
        if (PublishedCarrierChoice.isDepartment(to.departmentCode())) {
            return to.departmentCode();
        }
        String municipality = to.municipalityCode() == null ? "" : to.municipalityCode().strip();
        return municipality.length() == 5 && PublishedCarrierChoice.isDepartment(municipality.substring(0, 2)) ? municipality.substring(0, 2)
                : null;
    }

    private Optional<String> enabled(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        String code = CarrierRegistry.normalise(name);
        return registry.carrier(code).filter(CarrierRegistry.Carrier::enabled).map(carrier -> code);
    }
}
