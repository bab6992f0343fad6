package com.litper.tracking.status;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Carrier events kept for a guide no shipment has yet ({@link CarrierEvents}).
 *
 * @param retention how long a kept event waits for its shipment, counted from its first receipt,
 *     before it is dropped (logged and counted in {@code litper.tracking.pending_events.dropped})
 * @param sweepInterval how often each replica drops the events past their retention, and applies
 *     any kept event whose shipment exists (normally none: creating a shipment applies them)
 * @param batchSize kept events dropped per statement
 */
@Validated
@ConfigurationProperties("litper.tracking.pending-events")
public record PendingEventsProperties(
        @DefaultValue("7d") @NotNull Duration retention,
        @DefaultValue("10m") @NotNull Duration sweepInterval,
        @DefaultValue("500") @Min(1) @Max(10000) int batchSize) {

    public PendingEventsProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("litper.tracking.pending-events.retention must be positive, was " + retention);
        }
        if (sweepInterval.toMillis() < 1000) {
            throw new IllegalArgumentException("litper.tracking.pending-events.sweep-interval must be at least 1s, was " + sweepInterval);
        }
    }
}
