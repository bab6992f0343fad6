package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.RetryDecision;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker's metrics, tagged by queue, priority and task type (names in docs/queue.md):
 * in-flight gauge, wait-time and run-time timers with histograms, and counters of successes,
 * failures, retries, dead letters, hand-backs, reclaimed leases, leases lost and failed renewals.
 */
public class MicrometerTaskListener implements TaskListener {

    private final MeterRegistry registry;
    private final Map<Tags, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public MicrometerTaskListener(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void started(String queue, Task task, Duration waited) {
        Tags tags = tags(queue, task);
        inFlight(tags).incrementAndGet();
        Timer.builder("litper.queue.wait").description("Time from enqueueing to a handler starting; includes any requested delay and retry backoff")
                .tags(tags).publishPercentileHistogram().register(registry).record(waited);
    }

    @Override
    public void succeeded(String queue, Task task, Duration ran) {
        Tags tags = tags(queue, task);
        inFlight(tags).decrementAndGet();
        runTimer(tags, "success").record(ran);
        Counter.builder("litper.queue.succeeded").description("Attempts that succeeded").tags(tags).register(registry).increment();
    }

    @Override
    public void failed(String queue, Task task, Duration ran, Throwable error, RetryDecision decision) {
        Tags tags = tags(queue, task);
        inFlight(tags).decrementAndGet();
        runTimer(tags, "failure").record(ran);
        Counter.builder("litper.queue.failed").description("Attempts that threw or timed out").tags(tags)
                .tag("timeout", Boolean.toString(error instanceof com.litper.common.queue.TaskTimeoutException))
                .register(registry).increment();
        if (decision.retry()) {
            Counter.builder("litper.queue.retried").description("Failed attempts scheduled for another attempt").tags(tags).register(registry).increment();
        } else {
            Counter.builder("litper.queue.dead.lettered").description("Tasks moved to the dead letters").tags(tags).register(registry).increment();
        }
    }

    @Override
    public void handedBack(String queue, Task task) {
        Tags tags = tags(queue, task);
        inFlight(tags).decrementAndGet();
        Counter.builder("litper.queue.handed.back").description("Unfinished tasks a stopping worker gave back").tags(tags).register(registry).increment();
    }

    @Override
    public void leaseLost(String queue, Task task, LeaseLoss cause, boolean started) {
        Tags tags = tags(queue, task);
        if (started) {
            inFlight(tags).decrementAndGet();
        }
        Counter.builder("litper.queue.lease.lost").description("Attempts stopped because the worker no longer held their lease")
                .tags(tags).tag("cause", cause.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    @Override
    public void renewalFailed(String queue, int leases, Throwable error) {
        Counter.builder("litper.queue.lease.renewals.failed").description("Heartbeats that could not renew the worker's leases")
                .tag("queue", queue).register(registry).increment();
    }

    @Override
    public void reclaimed(String queue, long requeued, long deadLettered) {
        Counter.builder("litper.queue.reclaimed").description("Expired leases of silent workers, requeued").tag("queue", queue)
                .tag("outcome", "requeued").register(registry).increment(requeued);
        Counter.builder("litper.queue.reclaimed").description("Expired leases of silent workers, requeued").tag("queue", queue)
                .tag("outcome", "dead_lettered").register(registry).increment(deadLettered);
    }

    private Timer runTimer(Tags tags, String outcome) {
        return Timer.builder("litper.queue.run").description("Handler run time of one attempt").tags(tags)
                .tag("outcome", outcome).publishPercentileHistogram().register(registry);
    }

    private AtomicInteger inFlight(Tags tags) {
        return inFlight.computeIfAbsent(tags, t -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("litper.queue.in.flight", count, AtomicInteger::get).description("Tasks running in this worker")
                    .tags(t).register(registry);
            return count;
        });
    }

    private static Tags tags(String queue, Task task) {
        return Tags.of("queue", queue, "priority", task.priority().name(), "type", task.type());
    }
}
