package com.litper.common.outbox;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Reconciliation from PostgreSQL ({@link OutboxReconciler}): outbox rows of the task types a service
 * waits on ({@link ReconciledTask}) whose effect did not come back are dispatched again.
 *
 * @param enabled whether this service reconciles at all (it also needs the outbox and a {@link ReconciledTask})
 * @param after how long after a row was relayed its effect may be missing before it is dispatched
 *     again; also the least time between two re-dispatches of a row. Longer than a task's normal run
 *     with all its retries, much shorter than anything a store or buyer notices
 *     (docs/queue.md, "Reconciliation from PostgreSQL")
 * @param maxRedispatches re-dispatches of a row before the reconciler gives up on it: an ERROR line,
 *     {@code litper.reconcile.abandoned}, and the row stays as it is for an operator
 * @param interval how often the outbox is looked at
 * @param batchSize most rows per task type looked at in one round
 */
@Validated
@ConfigurationProperties("litper.reconcile")
public record ReconcileProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") @NotNull Duration after,
        @DefaultValue("3") @Min(0) @Max(100) int maxRedispatches,
        @DefaultValue("30s") @NotNull Duration interval,
        @DefaultValue("100") @Min(1) @Max(10_000) int batchSize) {

    public ReconcileProperties {
        if (after.isZero() || after.isNegative()) {
            throw new IllegalArgumentException("litper.reconcile.after must be positive, was " + after);
        }
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("litper.reconcile.interval must be positive, was " + interval);
        }
    }
}
