package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Behaviour 9: a worker never has more tasks in flight than its configured concurrency. */
class ConcurrencyLimitTest extends QueueTestSupport {

    @Test
    void inFlightTasksNeverExceedTheConfiguredConcurrency() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        TaskHandler work = TaskHandler.of("generate_report", task -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(5);
            } finally {
                running.decrementAndGet();
                done.incrementAndGet();
            }
        });
        TaskWorker worker = startWorker(fastSettings().withConcurrency(4), work);
        AtomicInteger reportedPeak = new AtomicInteger();

        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            requests.add(TaskRequest.of("generate_report", "{}", TaskPriority.values()[i % 4]));
        }
        queue.enqueueAll(requests);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> {
            reportedPeak.accumulateAndGet(worker.inFlight(), Math::max);
            return done.get() == 400;
        });

        assertThat(peak.get()).isEqualTo(4);
        assertThat(reportedPeak.get()).isLessThanOrEqualTo(4);
    }
}
