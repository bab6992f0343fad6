package com.litper.analytics.carrierchoice;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How analytics-service publishes carrier choices (docs/analytics.md, "Carrier choice").
 *
 * @param enabled whether the leader replica recomputes and publishes every store's choices every {@code interval}
 * @param interval time between two rounds; a store's rule change is published at once besides
 * @param ttl how long a published choice lives in Redis without being published again; after that worker-service
 *     uses its configured rule. Longer than {@code interval}, so a missed round or two changes nothing
 * @param includeToday whether a rule's window ends today rather than yesterday. Off in production: today's
 *     rollups are still filling. The local suite turns it on, so that a rule measures the orders just placed
 */
@Validated
@ConfigurationProperties("litper.analytics.carrier-choice")
record CarrierChoiceProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("5m") @NotNull Duration interval,
        @DefaultValue("1h") @NotNull Duration ttl,
        @DefaultValue("false") boolean includeToday) {

    CarrierChoiceProperties {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("litper.analytics.carrier-choice.interval must be positive, was " + interval);
        }
        if (ttl.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("litper.analytics.carrier-choice.ttl (" + ttl + ") must be longer than the interval ("
                    + interval + "), or choices expire between rounds");
        }
    }
}
