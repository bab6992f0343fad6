package com.litper.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.queue.DeferTask;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LongTaskGateTest {

    @Test
    void aTaskBeyondTheLimitIsDeferredAndRunsOnceASlotIsFree() throws Exception {
        LongTaskGate gate = new LongTaskGate(2);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = threads.submit(() -> gate.run("first", () -> hold(running, release, "first")));
            Future<String> second = threads.submit(() -> gate.run("second", () -> hold(running, release, "second")));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertThatThrownBy(() -> gate.run("third", () -> "third")).isInstanceOfSatisfying(DeferTask.class, defer -> {
                assertThat(defer.delay()).isEqualTo(Duration.ofSeconds(5));
                assertThat(defer.getMessage()).contains("third");
            });

            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(gate.run("third", () -> "third")).isEqualTo("third");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aFailingTaskGivesItsSlotBack() throws Exception {
        LongTaskGate gate = new LongTaskGate(1);
        assertThatThrownBy(() -> gate.run("broken", () -> {
            throw new IllegalStateException("broken");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(gate.run("next", () -> "next")).isEqualTo("next");
    }

    @Test
    void theLimitIsAtLeastOne() {
        assertThatThrownBy(() -> new LongTaskGate(0)).hasMessageContaining("litper.analytics.long-tasks");
    }

    private static String hold(CountDownLatch running, CountDownLatch release, String name) throws InterruptedException {
        running.countDown();
        release.await(10, TimeUnit.SECONDS);
        return name;
    }
}
