package com.litper.worker.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The carriers Litper books shipments with, all speaking one wire format (docs/carriers-api.md), and
 * how their calls are protected. Defaults are the specification's: 60 s timeout, a circuit that
 * opens after 5 consecutive failures and half-opens after 30 s, retries after 2 s, 4 s and 8 s.
 *
 * @param defaultCarrier carrier of orders with neither a usable preference nor a store rule
 * @param storeRules store id to the carrier its orders go to when they name no enabled preference
 * @param timeout longest wait for one carrier call, from sending the request to the whole answer
 * @param circuitBreaker when a carrier is considered down and calls to it stop
 * @param retry how a failed call is repeated inside one task attempt
 * @param eventDedupWindow how long a polled carrier event id suppresses enqueueing the same event again
 * @param servientrega Servientrega's endpoint
 * @param coordinadora Coordinadora's endpoint
 * @param interrapidisimo Interrapidísimo's endpoint
 * @param envia Envía's endpoint
 * @param tcc TCC's endpoint
 */
@Validated
@ConfigurationProperties("litper.carriers")
public record CarrierProperties(
        @DefaultValue("servientrega") @NotBlank String defaultCarrier,
        Map<String, String> storeRules,
        @DefaultValue("60s") @NotNull Duration timeout,
        @DefaultValue @NotNull @Valid CircuitBreaker circuitBreaker,
        @DefaultValue @NotNull @Valid Retry retry,
        @DefaultValue("7d") @NotNull Duration eventDedupWindow,
        @DefaultValue @NotNull @Valid Carrier servientrega,
        @DefaultValue @NotNull @Valid Carrier coordinadora,
        @DefaultValue @NotNull @Valid Carrier interrapidisimo,
        @DefaultValue @NotNull @Valid Carrier envia,
        @DefaultValue @NotNull @Valid Carrier tcc) {

    public CarrierProperties {
        storeRules = storeRules == null ? Map.of() : Map.copyOf(storeRules);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("litper.carriers.timeout must be positive, was " + timeout);
        }
        Map<String, Carrier> known = carriers(servientrega, coordinadora, interrapidisimo, envia, tcc);
        if (!known.containsKey(defaultCarrier)) {
            throw new IllegalArgumentException("litper.carriers.default-carrier must be one of " + known.keySet() + ", was " + defaultCarrier);
        }
        storeRules.forEach((store, carrier) -> {
            if (!known.containsKey(carrier)) {
                throw new IllegalArgumentException("litper.carriers.store-rules." + store + " must be one of " + known.keySet() + ", was " + carrier);
            }
        });
        known.forEach((name, carrier) -> {
            if (carrier.enabled() && carrier.baseUrl() == null) {
                throw new IllegalArgumentException("litper.carriers." + name + ".base-url is required while the carrier is enabled");
            }
        });
    }

    /** Every known carrier by name, in a stable order. */
    public Map<String, Carrier> carriers() {
        return carriers(servientrega, coordinadora, interrapidisimo, envia, tcc);
    }

    /** The carrier called {@code name}, if Litper knows it. */
    public Optional<Carrier> carrier(String name) {
        return Optional.ofNullable(name == null ? null : carriers().get(name));
    }

    /** How buyers read the carrier's name: its display name, else its configuration name capitalised. */
    public String displayName(String name) {
        String configured = carrier(name).map(Carrier::displayName).orElse(null);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static Map<String, Carrier> carriers(Carrier servientrega, Carrier coordinadora, Carrier interrapidisimo, Carrier envia,
            Carrier tcc) {
        Map<String, Carrier> all = new LinkedHashMap<>();
        all.put("servientrega", servientrega);
        all.put("coordinadora", coordinadora);
        all.put("interrapidisimo", interrapidisimo);
        all.put("envia", envia);
        all.put("tcc", tcc);
        return all;
    }

    /**
     * One carrier's booking API.
     *
     * @param baseUrl root of the carrier's API, e.g. {@code https://api.carrier.example}; required while enabled
     * @param apiKey bearer token Litper presents to the carrier; from {@code LITPER_CARRIERS_<NAME>_APIKEY}, never logged
     * @param enabled whether new orders may be booked with this carrier
     * @param displayName the name buyers read in messages, e.g. {@code Interrapidísimo}
     */
    public record Carrier(URI baseUrl, String apiKey, @DefaultValue("true") boolean enabled, String displayName) {

        @Override
        public String toString() {
            // The key must never reach a log line, not even through a configuration dump.
            return "Carrier[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isEmpty() ? "<none>" : "<redacted>")
                    + ", enabled=" + enabled + ", displayName=" + displayName + "]";
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
            @DefaultValue("30s") @NotNull Duration waitInOpen,
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
