package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.DeadLetterRetention;
import com.litper.common.queue.TaskQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.TaskScheduler;

/**
 * Deletes, every {@code trim-interval}, the dead letters beyond each queue's retention
 * ({@link DeadLetterProperties}), with a log line per queue and the count in
 * {@code litper.queue.dead.letters.dropped}. Runs in every service with a worker; the trim is one
 * atomic script per queue, so several replicas trimming at once delete each dead letter once. While
 * Redis is unreachable a round is skipped.
 */
public class DeadLetterTrimmer implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterTrimmer.class);

    private final TaskQueue queue;
    private final List<String> queues;
    private final DeadLetterProperties properties;
    private final TaskScheduler scheduler;
    private final MeterRegistry meters;
    private ScheduledFuture<?> rounds;

    public DeadLetterTrimmer(TaskQueue queue, Collection<String> queues, DeadLetterProperties properties, TaskScheduler scheduler,
            MeterRegistry meters) {
        this.queue = queue;
        this.queues = List.copyOf(queues);
        this.properties = properties;
        this.scheduler = scheduler;
        this.meters = meters;
    }

    @Override
    public synchronized void afterPropertiesSet() {
        if (scheduler != null && rounds == null) {
            rounds = scheduler.scheduleWithFixedDelay(this::trimSafely, properties.trimInterval());
        }
    }

    @Override
    public synchronized void destroy() {
        if (rounds != null) {
            rounds.cancel(false);
            rounds = null;
        }
    }

    /** Trims every queue once; returns how many dead letters were deleted. */
    public long trim() {
        long total = 0;
        for (String name : queues) {
            DeadLetterRetention retention = properties.retentionOf(name);
            DeadLetterRetention.Trimmed trimmed = queue.trimDeadLetters(name, retention);
            if (trimmed.total() > 0) {
                log.warn("Deleted {} dead letters of queue {} beyond its retention: {} older than {}, {} beyond the {} it keeps",
                        trimmed.total(), name, trimmed.tooOld(), retention.maxAge(), trimmed.tooMany(), retention.maxCount());
                if (meters != null) {
                    Counter.builder("litper.queue.dead.letters.dropped").tag("queue", name)
                            .description("Dead letters deleted because they were beyond their queue's retention")
                            .register(meters).increment(trimmed.total());
                }
                total += trimmed.total();
            }
        }
        return total;
    }

    private void trimSafely() {
        try {
            trim();
        } catch (RuntimeException e) {
            log.debug("Dead letters not trimmed this round: {}", e.toString());
        }
    }
}
