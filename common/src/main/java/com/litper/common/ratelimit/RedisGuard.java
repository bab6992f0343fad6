package com.litper.common.ratelimit;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Redis for a rate limiter's decision, and stops asking for a few seconds once Redis failed:
 * the limiters fail open, and without this every request of an outage would first wait out the
 * Redis command timeout (2 s). A Resilience4j circuit breaker: open after half of the last four
 * calls failed (at least two), one trial call after {@code pause}.
 */
public final class RedisGuard {

    private static final Logger log = LoggerFactory.getLogger(RedisGuard.class);

    private final CircuitBreaker breaker;
    private final String name;

    public RedisGuard(String name, Duration pause) {
        this.name = name;
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(pause)
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        breaker.getEventPublisher().onStateTransition(event -> log.info("{}: Redis {}", name,
                switch (event.getStateTransition().getToState()) {
                    case OPEN -> "unavailable, not asked for " + pause.toSeconds() + " s";
                    case HALF_OPEN -> "asked again";
                    case CLOSED -> "back";
                    default -> event.getStateTransition().toString();
                }));
    }

    public RedisGuard(String name) {
        this(name, Duration.ofSeconds(5));
    }

    /** Redis's answer, or empty when Redis failed or is not being asked right now. */
    public <T> Optional<T> call(Supplier<T> redisCall) {
        try {
            return Optional.of(breaker.executeSupplier(redisCall));
        } catch (CallNotPermittedException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            // A few lines per outage: the calls that reach Redis, one trial per pause once it is open.
            log.warn("{} skipped, Redis unavailable: {}", name, e.toString());
            return Optional.empty();
        }
    }

    /** Whether Redis is skipped right now. */
    public boolean skipping() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }
}
