package com.litper.worker.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How worker-service uses the carriers' API (docs/carriers-api.md): which carrier books an order, and
 * how calls are protected. The carriers themselves (base URLs, API keys, enabled) are the carrier
 * registry's, {@code litper.carriers.<code>.*}. Defaults are the specification's: 60 s timeout, a
 * circuit that opens after 5 consecutive failures and half-opens after 30 s, retries after 2 s, 4 s and 8 s.
 *
 * @param defaultCarrier code of the carrier of orders with neither a usable preference nor a store rule
 * @param storeRules store id to the code of the carrier its orders go to when they name no enabled preference
 * @param timeout longest wait for one carrier call, from sending the request to the whole answer
 * @param circuitBreaker when a carrier is considered down and calls to it stop
 * @param retry how a failed call is repeated inside one task attempt
 * @param eventDedupWindow how long a polled carrier event id suppresses enqueueing the same event again
 * @param choicePin how long an order's chosen carrier stays pinned in Redis, so every delivery of its
 *     {@code process_order} task books with the same carrier (docs/carriers-api.md)
 */
@Validated
@ConfigurationProperties("litper.carrier-api")
public record CarrierApiProperties(
        @DefaultValue("servientrega") @NotBlank String defaultCarrier,
        Map<String, String> storeRules,
        @DefaultValue("60s") @NotNull Duration timeout,
        @DefaultValue @NotNull @Valid CircuitBreaker circuitBreaker,
        @DefaultValue @NotNull @Valid Retry retry,
        @DefaultValue("7d") @NotNull Duration eventDedupWindow,
        @DefaultValue("7d") @NotNull Duration choicePin) {

    public CarrierApiProperties {
        defaultCarrier = defaultCarrier.strip().toLowerCase(Locale.ROOT);
        storeRules = storeRules == null ? Map.of()
                : storeRules.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        rule -> rule.getValue().strip().toLowerCase(Locale.ROOT)));
        if (choicePin != null && (choicePin.isZero() || choicePin.isNegative())) {
            throw new IllegalArgumentException("litper.carrier-api.choice-pin must be positive, was " + choicePin);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("litper.carrier-api.timeout must be positive, was " + timeout);
        }
    }

    /**
     * One circuit breaker per carrier, counting consecutive failures: a window of
     * {@code failureThreshold} calls that all failed opens the circuit.
     *
     * @param failureThreshold consecutive failed calls that open the circuit
     * @param waitInOpen how long an open circuit rejects calls before letting trial calls through (half-open)
     * @param callsInHalfOpen trial calls let through while half-open; all must succeed to close the circuit
     */
    public record CircuitBreaker(
            @DefaultValue("5") @Min(1) int failureThreshold,
            @DefaultValue("10s") @NotNull Duration waitInOpen,
            @DefaultValue("1") @Min(1) int callsInHalfOpen) {
    }

    /**
     * Repeats of a failed call (5xx, 429, network error, timeout) within one task attempt; a rejected
     * request (other 4xx) and an open circuit are never repeated.
     *
     * @param maxRetries calls after the first one, so 3 means up to 4 calls
     * @param initialBackoff wait before the first retry
     * @param multiplier growth of the wait per further retry (2 gives 2 s, 4 s, 8 s)
     */
    public record Retry(
            @DefaultValue("3") @Min(0) int maxRetries,
            @DefaultValue("2s") @NotNull Duration initialBackoff,
            @DefaultValue("2.0") @DecimalMin("1.0") double multiplier) {
    }
}
