package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.DeadLetterRetention;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The retention of dead letters ({@code litper.queue.dead-letters.*}): how many each queue keeps
 * and for how long, enforced every {@code trim-interval} by each service that runs a worker.
 *
 * @param maxCount most dead letters a queue keeps; beyond it the oldest are deleted
 * @param maxAge how long a dead letter is kept after its last attempt failed
 * @param trimInterval how often the dead letters beyond the retention are deleted
 * @param queues named queue to a retention of its own; what it leaves unset comes from the above
 */
@Validated
@ConfigurationProperties("litper.queue.dead-letters")
public record DeadLetterProperties(
        @DefaultValue("10000") @Min(1) long maxCount,
        @DefaultValue("14d") @NotNull Duration maxAge,
        @DefaultValue("1m") @NotNull Duration trimInterval,
        Map<String, @Valid Queue> queues) {

    public DeadLetterProperties {
        queues = queues == null ? Map.of() : Map.copyOf(queues);
        if (trimInterval.isZero() || trimInterval.isNegative()) {
            throw new IllegalArgumentException("litper.queue.dead-letters.trim-interval must be positive, was " + trimInterval);
        }
        // Checked at start-up rather than at the first trim.
        new DeadLetterRetention(maxCount, maxAge);
        for (Queue own : queues.values()) {
            own.over(maxCount, maxAge);
        }
    }

    /**
     * One queue's own retention ({@code litper.queue.dead-letters.queues.<queue>.*}).
     *
     * @param maxCount most dead letters this queue keeps
     * @param maxAge how long this queue keeps a dead letter
     */
    public record Queue(@Min(1) Long maxCount, Duration maxAge) {

        DeadLetterRetention over(long sharedMaxCount, Duration sharedMaxAge) {
            return new DeadLetterRetention(maxCount == null ? sharedMaxCount : maxCount, maxAge == null ? sharedMaxAge : maxAge);
        }
    }

    /** The retention of {@code queue}: its own settings over the shared ones. */
    public DeadLetterRetention retentionOf(String queue) {
        Queue own = queues.get(queue);
        return own == null ? new DeadLetterRetention(maxCount, maxAge) : own.over(maxCount, maxAge);
    }
}
