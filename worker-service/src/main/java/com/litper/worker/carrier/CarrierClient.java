package com.litper.worker.carrier;

import com.litper.common.carrier.CarrierRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import com.litper.worker.config.CarrierApiProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Books shipments and reads their events from any carrier through its {@link CarrierAdapter}
 * (Litper's wire format, docs/carriers-api.md, unless the carrier has an adapter of its own). Every
 * call runs as {@code Retry(CircuitBreaker(adapter call with timeout))}: the circuit sees each single
 * call, so five failed calls open it even inside one retry sequence, and a retry stops as soon as
 * the circuit is open. An open circuit answers with the named fallback
 * {@link #circuitOpen}, which throws {@link CarrierUnavailableException} without calling the carrier.
 */
@Component
public class CarrierClient {

    private final CarrierAdapters adapters;
    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryRegistry retries;
    private final Clock clock;
    private final Duration waitInOpen;
    // When each circuit last opened: Resilience4j does not say how long an open circuit has left.
    private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

    CarrierClient(CarrierAdapters adapters, CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, CircuitOpenAlerts alerts,
            CarrierRegistry registry, CarrierApiProperties properties, Clock clock) {
        this.adapters = adapters;
        this.circuitBreakers = circuitBreakers;
        this.retries = retries;
        this.clock = clock;
        this.waitInOpen = properties.circuitBreaker().waitInOpen();
        // Created up front so the listeners are in place before the first call.
        for (String carrier : registry.codes()) {
            CircuitBreaker breaker = circuitBreakers.circuitBreaker(carrier);
            alerts.watch(carrier, breaker);
            breaker.getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openedAt.put(carrier, clock.instant());
                }
            });
        }
    }

    /**
     * Books a shipment; the booking's reference (the order id) is the Idempotency-Key, so booking the
     * same order again returns the same shipment instead of a second one.
     *
     * @throws CarrierUnavailableException the carrier's circuit is open; nothing was sent
     * @throws CarrierCallException the carrier kept failing through every retry
     * @throws CarrierRejectedException the carrier refused the request (4xx)
     */
    public Shipment book(String carrier, BookingRequest booking) {
        return call(carrier, () -> adapters.of(carrier).book(booking));
    }

    /** The events the carrier has for a shipment, oldest first as the carrier lists them; throws as {@link #book}. */
    public List<CarrierEvent> events(String carrier, String trackingNumber) {
        return call(carrier, () -> adapters.of(carrier).events(trackingNumber));
    }

    /** The circuit of {@code carrier}, for health reporting and tests. */
    public CircuitBreaker circuitBreaker(String carrier) {
        return circuitBreakers.circuitBreaker(carrier);
    }

    private <T> T call(String carrier, Supplier<T> exchange) {
        CircuitBreaker breaker = circuitBreakers.circuitBreaker(carrier);
        Retry retry = retries.retry(carrier);
        // Order matters: Retry outside, CircuitBreaker inside, fallback outermost, so the retry sees
        // every failure and the fallback only ever replaces the "circuit open" rejection.
        Supplier<T> guarded = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, exchange));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw circuitOpen(carrier, breaker, e);
        }
    }

    /** Named fallback of every carrier circuit: no call is made, the task fails with a clear reason and the time to a trial call. */
    private CarrierUnavailableException circuitOpen(String carrier, CircuitBreaker breaker, CallNotPermittedException rejection) {
        Duration untilTrial = switch (breaker.getState()) {
            case OPEN -> {
                Instant opened = openedAt.get(carrier);
                Duration left = opened == null ? waitInOpen : Duration.between(clock.instant(), opened.plus(waitInOpen));
                yield left.isNegative() ? Duration.ZERO : left;
            }
            case HALF_OPEN -> Duration.ZERO;
            // Forced open by an operator or a test: no trial comes by itself; look again after a wait.
            default -> waitInOpen;
        };
        return new CarrierUnavailableException(carrier, untilTrial, rejection);
    }
}
