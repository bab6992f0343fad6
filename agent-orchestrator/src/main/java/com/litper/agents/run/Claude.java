package com.litper.agents.run;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.Timeout;
import com.anthropic.core.http.Headers;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.litper.common.contracts.AgentHandover;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One model call of a run, as {@code retry-within-deadline(CircuitBreaker(call))}: every attempt goes
 * through the circuit, so five failures open it even inside one run, and an open circuit ends the
 * retries at once. Retries are budgeted against the run's deadline: a 429 or 529 waits its
 * {@code retry-after} (else 1 s, 2 s, 4 s… with jitter), 5xx and I/O errors the backoff; when the wait
 * would not leave time for another call the run gives up with {@code DEADLINE}. A 400 (or any other
 * 4xx: the request is ours to fix) is never retried. Each call's timeout is the time left. Before each
 * attempt the cluster-wide {@link ModelRateLimits} may make it wait for the API's rate limit to reset;
 * every answer's rate-limit headers are recorded for the other replicas.
 */
@Component
class Claude {

    private static final Logger log = LoggerFactory.getLogger(Claude.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

    private final AnthropicClient client;
    private final CircuitBreaker breaker;
    private final ModelRateLimits limits;

    Claude(AnthropicClient client, CircuitBreaker breaker, ModelRateLimits limits) {
        this.client = client;
        this.breaker = breaker;
        this.limits = limits;
    }

    Message create(MessageCreateParams params, Deadline deadline) throws ModelUnavailable, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Duration left = deadline.remaining();
            if (left.compareTo(Duration.ofMillis(500)) <= 0) {
                throw new ModelUnavailable(AgentHandover.Reason.DEADLINE, "the run's deadline passed before the model answered", null);
            }
            limits.acquire(deadline);
            left = deadline.remaining();
            RequestOptions options = RequestOptions.builder().timeout(Timeout.builder().request(left).read(left).build()).build();
            Duration wait;
            try {
                return breaker.executeSupplier(() -> {
                    HttpResponseFor<Message> response = client.messages().withRawResponse().create(params, options);
                    limits.record(response.headers());
                    return response.parse();
                });
            } catch (CallNotPermittedException open) {
                throw circuitOpen(open);
            } catch (AnthropicServiceException e) {
                limits.record(e.headers());
                int status = e.statusCode();
                if (status >= 400 && status < 500 && status != 429 && status != 408 && status != 409) {
                    throw new ModelUnavailable(AgentHandover.Reason.AGENT_UNAVAILABLE, "the Messages API refused the request: " + status + " "
                            + e.getMessage(), e);
                }
                int failed = attempt;
                wait = retryAfter(e.headers()).orElseGet(() -> backoff(failed));
                log.info("Messages API answered {} (attempt {}); retrying in {} ms", status, attempt + 1, wait.toMillis());
            } catch (RuntimeException e) {
                // I/O errors and timeouts of the SDK (AnthropicIoException, AnthropicRetryableException).
                wait = backoff(attempt);
                log.info("Messages API call failed (attempt {}): {}; retrying in {} ms", attempt + 1, e.toString(), wait.toMillis());
            }
            if (!deadline.allows(wait)) {
                throw new ModelUnavailable(AgentHandover.Reason.DEADLINE, "the model kept failing until the run's deadline", null);
            }
            Thread.sleep(wait.toMillis());
        }
    }

    /** Named fallback of the open circuit: no call is made; the run hands the buyer to a person. */
    private static ModelUnavailable circuitOpen(CallNotPermittedException rejection) {
        return new ModelUnavailable(AgentHandover.Reason.AGENT_UNAVAILABLE, "the Messages API circuit is open", rejection);
    }

    /** {@code retry-after-ms}, else {@code retry-after} in seconds (the API's forms). */
    static Optional<Duration> retryAfter(Headers headers) {
        try {
            List<String> ms = headers.values("retry-after-ms");
            if (!ms.isEmpty()) {
                return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.get(0).trim())));
            }
            List<String> seconds = headers.values("retry-after");
            if (!seconds.isEmpty()) {
                return Optional.of(Duration.ofMillis((long) (Double.parseDouble(seconds.get(0).trim()) * 1000)));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** 1 s, 2 s, 4 s… up to 16 s, each between half and the whole of it. */
    static Duration backoff(int attempt) {
        long base = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(attempt, 10));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }
}
