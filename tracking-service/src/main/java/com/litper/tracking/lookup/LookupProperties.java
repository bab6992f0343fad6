package com.litper.tracking.lookup;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The public tracking lookup ({@code GET /api/tracking/{trackingNumber}}).
 *
 * @param requestsPerWindow lookups one client IP may make per window, across all replicas
 * @param window length of a rate-limit window, counted from the client's first lookup in it
 */
@Validated
@ConfigurationProperties("litper.tracking.lookup")
public record LookupProperties(
        @DefaultValue("60") @Min(1) int requestsPerWindow,
        @DefaultValue("1m") @NotNull Duration window) {

    public LookupProperties {
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("litper.tracking.lookup.window must be at least 1 ms, was " + window);
        }
    }
}
