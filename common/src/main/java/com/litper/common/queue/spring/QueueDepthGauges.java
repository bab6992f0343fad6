package com.litper.common.queue.spring;

import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;

/**
 * Queue depth per named queue and priority, plus delayed tasks and dead letters per queue, read
 * from Redis on a timer rather than on scrape, so a scrape never waits on a slow or absent Redis
 * (the gauges then keep their last value). These are the signals an autoscaler reads.
 */
public class QueueDepthGauges implements MeterBinder, DisposableBean {

    private final TaskQueue queue;
    private final Collection<String> queues;
    private final Duration refreshInterval;
    private final List<Runnable> refreshers = new ArrayList<>();
    private ScheduledExecutorService timer;

    public QueueDepthGauges(TaskQueue queue, Collection<String> queues, Duration refreshInterval) {
        this.queue = queue;
        this.queues = List.copyOf(queues);
        this.refreshInterval = refreshInterval;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (String name : queues) {
            for (TaskPriority priority : TaskPriority.values()) {
                AtomicLong depth = new AtomicLong();
                Gauge.builder("litper.queue.depth", depth, AtomicLong::get).description("Tasks ready to run, waiting for a worker slot")
                        .tag("queue", name).tag("priority", priority.name()).register(registry);
                refreshers.add(() -> depth.set(queue.depth(name, priority)));
            }
            AtomicLong delayed = new AtomicLong();
            Gauge.builder("litper.queue.delayed", delayed, AtomicLong::get).description("Tasks waiting for their due time or retry backoff")
                    .tag("queue", name).register(registry);
            refreshers.add(() -> delayed.set(queue.delayedCount(name)));
            AtomicLong dead = new AtomicLong();
            Gauge.builder("litper.queue.dead.letters", dead, AtomicLong::get).description("Dead letters waiting for an operator")
                    .tag("queue", name).register(registry);
            refreshers.add(() -> dead.set(queue.deadLetterCount(name)));
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "litper-queue-depth");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::refresh, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void refresh() {
        for (Runnable refresher : refreshers) {
            try {
                refresher.run();
            } catch (RuntimeException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
