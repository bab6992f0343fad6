package com.litper.common.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The transactional outbox of a service that owns a schema, and its relay to the Redis task queue.
 *
 * @param schema the owning schema whose {@code outbox} table holds the rows (e.g. {@code tracking});
 *     the outbox is on only when it is set
 * @param pollInterval how often the relay looks for unsent rows; a commit in this instance also
 *     wakes it at once, so this bounds the delay only for rows of other instances and after an outage
 * @param batchSize most rows relayed per database transaction
 * @param retryInterval pause after Redis refused a task, before the relay tries again
 * @param retention how long sent rows are kept (to trace a task back to its change) before deletion
 * @param cleanupInterval how often sent rows older than the retention are deleted
 */
@Validated
@ConfigurationProperties("litper.outbox")
public record OutboxProperties(
        String schema,
        @DefaultValue("200ms") @NotNull Duration pollInterval,
        @DefaultValue("200") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("1s") @NotNull Duration retryInterval,
        @DefaultValue("7d") @NotNull Duration retention,
        @DefaultValue("1h") @NotNull Duration cleanupInterval) {

    public OutboxProperties {
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("litper.outbox.poll-interval must be positive, was " + pollInterval);
        }
        if (cleanupInterval.isZero() || cleanupInterval.isNegative()) {
            throw new IllegalArgumentException("litper.outbox.cleanup-interval must be positive, was " + cleanupInterval);
        }
    }
}
