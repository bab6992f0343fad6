package com.litper.agents.run;

import com.anthropic.core.http.Headers;
import com.litper.agents.config.AgentProperties;
import com.litper.common.contracts.AgentHandover;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The cluster slows down before the Messages API refuses: every response's
 * {@code anthropic-ratelimit-{requests,input-tokens,output-tokens}-{remaining,reset}} headers (resets in
 * RFC 3339) are recorded in Redis ({@code recordRateLimit-1.lua}), and before each call a run checks them
 * ({@code takeRateLimit-4.lua}): while a limit is under its floor ({@code litper.agents.rate-limit.*-floor})
 * and its reset is ahead, the call waits until the reset (when the limit is whole again, and refilled then
 * to its {@code -limit}), within the run's deadline; a wait that would
 * not fit ends the run like an unavailable model. Waits are timed ({@code litper.agents.ratelimit.waits},
 * tag {@code outcome} {@code waited} or {@code gave_up}).
 *
 * <p>Written here because the limits are the API's, shared by every replica, and change with each
 * response: Resilience4j's RateLimiter counts one JVM's permits at a configured rate, and Bucket4j's
 * Redis buckets refill at a rate we would have to guess rather than read. Redis trouble never stops a
 * run: the limiter then lets the call go, and the API's own 429 (retried with its {@code retry-after})
 * remains the backstop.
 */
@Component
class ModelRateLimits {

    private static final Logger log = LoggerFactory.getLogger(ModelRateLimits.class);
    /** The limits read from the headers, in the order of the take script's keys and floors. */
    static final List<String> LIMITS = List.of("requests", "input-tokens", "output-tokens");
    private static final RedisScript<Long> RECORD = RunSlots.script("recordRateLimit-1.lua");
    private static final RedisScript<Long> TAKE = RunSlots.script("takeRateLimit-4.lua");
    /** A limit refilled at its reset and spent again by calls in flight: their responses tell the next reset soon. */
    private static final Duration UNKNOWN_RESET_WAIT = Duration.ofMillis(200);
    private static final List<String> KEYS = java.util.stream.Stream.concat(LIMITS.stream().map(AgentKeys::rateLimit),
            java.util.stream.Stream.of(AgentKeys.rateLimit("probe"))).toList();
    /** With no reading yet, one call goes first; the others wait for its response, at most this long. */
    private static final Duration PROBE = Duration.ofSeconds(2);
    /** A reading refilled at its reset that no response renews within this is dropped. */
    private static final Duration REFILLED_KEPT = Duration.ofSeconds(5);

    private final StringRedisTemplate redis;
    private final AgentProperties.RateLimit properties;
    private final Clock clock;
    private final Timer waited;
    private final Timer gaveUp;

    ModelRateLimits(StringRedisTemplate redis, AgentProperties properties, MeterRegistry registry, Clock clock) {
        this.redis = redis;
        this.properties = properties.rateLimit();
        this.clock = clock;
        this.waited = timer(registry, "waited");
        this.gaveUp = timer(registry, "gave_up");
    }

    /** Records the limits a response (success or error) reported; headers missing or malformed are skipped. */
    void record(Headers headers) {
        Instant now = clock.instant();
        if (headers.values("anthropic-ratelimit-requests-remaining").isEmpty() || headers.values("anthropic-ratelimit-requests-reset").isEmpty()) {
            try {
                // Nothing to pace by: calls need not wait for a probe's response (takeRateLimit-4.lua).
                redis.opsForValue().set(AgentKeys.rateLimit("probe"), "none", properties.maxKept());
            } catch (RuntimeException e) {
                log.debug("Could not record that the Messages API sent no limits: {}", e.toString());
            }
        }
        for (String limit : LIMITS) {
            List<String> remaining = headers.values("anthropic-ratelimit-" + limit + "-remaining");
            List<String> reset = headers.values("anthropic-ratelimit-" + limit + "-reset");
            List<String> whole = headers.values("anthropic-ratelimit-" + limit + "-limit");
            if (remaining.isEmpty() || reset.isEmpty()) {
                continue;
            }
            try {
                long left = Long.parseLong(remaining.get(0).trim());
                Instant at = OffsetDateTime.parse(reset.get(0).trim()).toInstant();
                String of = whole.isEmpty() ? "" : Long.toString(Long.parseLong(whole.get(0).trim()));
                long keepMs = Math.max(properties.maxKept().toMillis(), Duration.between(now, at).toMillis() + 1000);
                redis.execute(RECORD, List.of(AgentKeys.rateLimit(limit)), Long.toString(left), Long.toString(at.toEpochMilli()), of,
                        Long.toString(keepMs), Long.toString(now.toEpochMilli()));
            } catch (NumberFormatException | DateTimeParseException e) {
                log.debug("Unreadable anthropic-ratelimit-{} headers: {}", limit, e.toString());
            } catch (RuntimeException e) {
                log.warn("Could not record the Messages API's {} limit: {}", limit, e.toString());
            }
        }
    }

    /**
     * Returns when the next call may go: at once while every limit is above its floor (taking one request),
     * else after the latest reset of those under it, plus up to 250 ms so the replicas do not all call at
     * the same instant. Throws when that wait would not leave time for the call before the deadline.
     */
    void acquire(Deadline deadline) throws ModelUnavailable, InterruptedException {
        if (!properties.enabled()) {
            return;
        }
        while (true) {
            Long waitMs;
            try {
                waitMs = redis.execute(TAKE, KEYS, Long.toString(clock.millis()), Long.toString(properties.requestsFloor()),
                        Long.toString(properties.inputTokensFloor()), Long.toString(properties.outputTokensFloor()),
                        Long.toString(UNKNOWN_RESET_WAIT.toMillis()), Long.toString(PROBE.toMillis()),
                        Long.toString(REFILLED_KEPT.toMillis()));
            } catch (RuntimeException e) {
                log.warn("Could not read the Messages API's limits; calling anyway: {}", e.toString());
                return;
            }
            if (waitMs == null || waitMs <= 0) {
                return;
            }
            Duration wait = Duration.ofMillis(waitMs + ThreadLocalRandom.current().nextLong(251));
            if (!deadline.allows(wait)) {
                gaveUp.record(wait);
                throw new ModelUnavailable(AgentHandover.Reason.AGENT_UNAVAILABLE, "the Messages API's rate limit resets in "
                        + wait.toMillis() + " ms, after the run's deadline", null);
            }
            log.info("Messages API limit under its floor; waiting {} ms for its reset", wait.toMillis());
            waited.record(wait);
            Thread.sleep(wait.toMillis());
        }
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("litper.agents.ratelimit.waits")
                .description("Waits of model calls for the Messages API's rate limit to reset (its anthropic-ratelimit-* headers)")
                .tag("outcome", outcome).register(registry);
    }
}
