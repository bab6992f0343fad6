package com.litper.worker.config;

import com.litper.worker.carrier.CarrierCallException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resilience4j's core API as beans, built from {@link CarrierApiProperties}: one circuit breaker and
 * one retry per carrier, named after the carrier. Only {@link CarrierCallException} (the carrier is
 * failing) counts against a circuit and is retried; a request the carrier rejects is our fault and
 * says nothing about the carrier's health.
 */
@Configuration(proxyBeanMethods = false)
class CarrierResilienceConfig {

    @Bean
    CircuitBreakerRegistry carrierCircuitBreakers(CarrierApiProperties properties) {
        CarrierApiProperties.CircuitBreaker settings = properties.circuitBreaker();
        // A count window of N calls with a 100 % threshold opens exactly after N consecutive failures.
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindow(settings.failureThreshold(), settings.failureThreshold(), SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.callsInHalfOpen())
                .recordException(CarrierCallException.class::isInstance)
                .ignoreException(error -> !(error instanceof CarrierCallException))
                .build();
        return CircuitBreakerRegistry.of(config);
    }

    /**
     * Each carrier circuit's state and calls for Prometheus, tagged {@code name=<carrier code>}:
     * {@code resilience4j_circuitbreaker_state{state}} (1 for the current state),
     * {@code resilience4j_circuitbreaker_calls_seconds_*{kind}} (successful, failed, ignored) and
     * {@code resilience4j_circuitbreaker_not_permitted_calls_total} (calls refused while open).
     * Circuits created later (on a carrier's first call) are bound as they appear.
     */
    @Bean
    MeterBinder carrierCircuitMetrics(CircuitBreakerRegistry carrierCircuitBreakers) {
        return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(carrierCircuitBreakers)::bindTo;
    }

    @Bean
    RetryRegistry carrierRetries(CarrierApiProperties properties) {
        CarrierApiProperties.Retry settings = properties.retry();
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(settings.maxRetries() + 1)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.initialBackoff(), settings.multiplier()))
                // An open circuit (CallNotPermittedException) is not retried: its fallback answers at once.
                .retryOnException(CarrierCallException.class::isInstance)
                .build();
        return RetryRegistry.of(config);
    }
}
