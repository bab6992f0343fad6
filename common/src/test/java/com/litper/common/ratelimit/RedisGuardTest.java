package com.litper.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A rate limiter stops asking a failing Redis for a while, then asks once, and carries on when it answers. */
class RedisGuardTest {

    @Test
    void afterFailuresRedisIsNotAskedUntilThePauseEndsThenOnceAgain() {
        RedisGuard guard = new RedisGuard("test", Duration.ofMillis(300));
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean down = new AtomicBoolean(true);
        java.util.function.Supplier<String> redis = () -> {
            calls.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("Redis command timed out");
            }
            return "probe";
        };

        assertThat(guard.call(redis)).isEmpty();
        assertThat(guard.call(redis)).isEmpty();
        assertThat(guard.skipping()).isTrue();
        int asked = calls.get();
        for (int i = 0; i < 100; i++) {
            assertThat(guard.call(redis)).isEmpty();
        }
        assertThat(calls.get()).as("not asked while skipping").isEqualTo(asked);

        down.set(false);
        await().atMost(Duration.ofSeconds(5)).until(() -> guard.call(redis).isPresent());
        assertThat(guard.skipping()).isFalse();
        assertThat(guard.call(redis)).contains("probe");
    }

    @Test
    void aHealthyRedisIsAlwaysAsked() {
        RedisGuard guard = new RedisGuard("test");
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            assertThat(guard.call(() -> calls.incrementAndGet())).contains(i + 1);
        }
        assertThat(guard.skipping()).isFalse();
    }
}
