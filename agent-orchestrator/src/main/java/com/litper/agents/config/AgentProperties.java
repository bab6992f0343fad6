package com.litper.agents.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How support agent runs behave (docs/agents.md).
 *
 * @param runDeadline one deadline per run, covering every model call, tool call and retry; when it
 *     passes the buyer gets the holding message and a person the conversation
 * @param maxConcurrentRuns most runs at once across every replica (a Redis semaphore with leases)
 * @param slotLease how long a run's slot and its conversation's lock last unless renewed (they are
 *     renewed while the run lives, so a crashed pod frees them after at most this)
 * @param gatherWindow a run starts this long after the conversation's newest pending message, so a
 *     burst of messages is answered together
 * @param busyRetry how long a message waits (deferred in the queue) when no slot is free or its
 *     conversation has a run going; a little jitter is added
 * @param maxTurns most model calls in one run; the tool loop stops there
 * @param memoryMessages most messages of a conversation kept for the next run (a tool use and its
 *     result are always kept or dropped together)
 * @param memoryTtl how long a conversation's memory outlives its last run (WhatsApp's window is 24 h)
 * @param holdingMessage what the buyer reads when the model cannot answer in time
 * @param circuitBreaker the circuit of the Messages API
 * @param prices per model, the prices that turn token counts into the estimated cost metric
 * @param tracking tracking-service's public lookup, which the {@code tracking_timeline} tool reads
 * @param rateLimit the cluster-wide pacing by the API's {@code anthropic-ratelimit-*} headers
 */
@Validated
@ConfigurationProperties("litper.agents")
public record AgentProperties(
        @DefaultValue("120s") @NotNull Duration runDeadline,
        @DefaultValue("20") @Min(1) @Max(10_000) int maxConcurrentRuns,
        @DefaultValue("30s") @NotNull Duration slotLease,
        @DefaultValue("3s") @NotNull Duration gatherWindow,
        @DefaultValue("1s") @NotNull Duration busyRetry,
        @DefaultValue("6") @Min(1) @Max(50) int maxTurns,
        @DefaultValue("20") @Min(2) int memoryMessages,
        @DefaultValue("24h") @NotNull Duration memoryTtl,
        @DefaultValue("Gracias por escribirnos. Un asesor te responderá pronto.") @NotBlank String holdingMessage,
        @DefaultValue @NotNull @Valid CircuitBreaker circuitBreaker,
        Map<String, @Valid Price> prices,
        @DefaultValue @NotNull @Valid Tracking tracking,
        @DefaultValue @NotNull @Valid RateLimit rateLimit) {

    public AgentProperties {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    /**
     * The Messages API's circuit (Resilience4j): it opens after this many consecutive failed calls
     * (5xx, 529, I/O; not 4xx) and lets one trial call through after {@code openFor}.
     *
     * @param consecutiveFailures failed calls in a row that open it
     * @param openFor how long it stays open before a trial call
     */
    public record CircuitBreaker(@DefaultValue("5") @Min(1) int consecutiveFailures, @DefaultValue("30s") @NotNull Duration openFor) {
    }

    /**
     * A model's prices in US dollars per million tokens.
     *
     * @param input ordinary input tokens
     * @param output output tokens
     * @param cacheWrite input tokens written to the prompt cache
     * @param cacheRead input tokens read from the prompt cache
     */
    public record Price(@PositiveOrZero double input, @PositiveOrZero double output, @PositiveOrZero double cacheWrite,
            @PositiveOrZero double cacheRead) {
    }

    /**
     * tracking-service, the owner of shipments' timelines, read over plain REST (its public lookup).
     *
     * @param baseUrl tracking-service's base URL (the Kubernetes Service; the local suite sets its port)
     * @param timeout most time one lookup may take; never more than the run's time left minus a second
     * @param circuitBreaker the lookup's circuit: it opens after this many failed lookups in a row
     */
    public record Tracking(@DefaultValue("http://tracking-service:8000") @NotBlank String baseUrl,
            @DefaultValue("3s") @NotNull Duration timeout,
            @DefaultValue @NotNull @Valid CircuitBreaker circuitBreaker) {
    }

    /**
     * Slowing down before the Messages API refuses: the latest {@code anthropic-ratelimit-*-remaining}
     * and {@code -reset} headers of any replica are kept in Redis, and a call whose limit is under its
     * floor waits for the reset (within the run's deadline).
     *
     * @param enabled whether calls wait at all (the headers are recorded either way)
     * @param requestsFloor a call waits while fewer requests than this remain
     * @param inputTokensFloor a call waits while fewer input tokens than this remain
     * @param outputTokensFloor a call waits while fewer output tokens than this remain
     * @param maxKept how long a recorded limit is kept in Redis after its last response (longer if its reset is
     *     later): a limit whose reset passed counts as whole again; with none kept, the first call goes alone
     */
    public record RateLimit(@DefaultValue("true") boolean enabled,
            @DefaultValue("2") @PositiveOrZero long requestsFloor,
            @DefaultValue("4000") @PositiveOrZero long inputTokensFloor,
            @DefaultValue("1024") @PositiveOrZero long outputTokensFloor,
            @DefaultValue("10m") @NotNull Duration maxKept) {
    }
}
