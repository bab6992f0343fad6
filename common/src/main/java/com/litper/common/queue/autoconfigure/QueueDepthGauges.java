package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;

/**
 * Queue depth per named queue and priority, plus delayed tasks and dead letters per queue, read
 * from Redis on a timer rather than on scrape, so a scrape never waits on a slow or absent Redis
 * (the gauges then keep their last value). These are the signals an autoscaler reads. The timer
 * is the service's task scheduler.
 */
public class QueueDepthGauges implements MeterBinder, DisposableBean {

    private final TaskQueue queue;
    private final Collection<String> queues;
    private final Duration refreshInterval;
    private final TaskScheduler scheduler;
    private final List<Runnable> refreshers = new ArrayList<>();
    private ScheduledFuture<?> refreshes;

    /** Gauges of {@code queues}, read every {@code refreshInterval} on {@code scheduler}. */
    public QueueDepthGauges(TaskQueue queue, Collection<String> queues, Duration refreshInterval, TaskScheduler scheduler) {
        this.queue = queue;
        this.queues = List.copyOf(queues);
        this.refreshInterval = refreshInterval;
        this.scheduler = scheduler;
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
        if (refreshes == null) {
            refreshes = scheduler.scheduleWithFixedDelay(this::refresh, refreshInterval);
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
        if (refreshes != null) {
            refreshes.cancel(false);
        }
    }
}
