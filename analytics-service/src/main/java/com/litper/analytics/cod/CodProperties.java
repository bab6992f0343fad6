package com.litper.analytics.cod;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cash on delivery (docs/analytics.md, "Cash on delivery").
 *
 * @param postingEnabled whether this service runs the posting job (on the leader replica only)
 * @param postingInterval how often the posting job reads the events recorded since its watermark
 * @param overlap how far before its watermark the job reads again: events whose transaction
 *     committed after a later one's (recorded_at is taken before commit) are still seen
 * @param batchSize events read per query of the posting job
 * @param missingAfter a guide delivered with cash collected and not remitted for this long is flagged MISSING
 */
@Validated
@ConfigurationProperties("litper.analytics.cod")
record CodProperties(
        @DefaultValue("true") boolean postingEnabled,
        @DefaultValue("30s") @NotNull Duration postingInterval,
        @DefaultValue("10m") @NotNull Duration overlap,
        @DefaultValue("500") @Min(1) int batchSize,
        @DefaultValue("7d") @NotNull Duration missingAfter) {

    CodProperties {
        if (postingInterval.isZero() || postingInterval.isNegative()) {
            throw new IllegalArgumentException("litper.analytics.cod.posting-interval must be positive, was " + postingInterval);
        }
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("litper.analytics.cod.overlap must not be negative, was " + overlap);
        }
    }
}
