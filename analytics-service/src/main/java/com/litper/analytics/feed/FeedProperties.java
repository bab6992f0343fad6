package com.litper.analytics.feed;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The feed of {@code analytics.event} ({@code litper.analytics.feed.*}).
 *
 * @param partitionsAhead months after the current one whose partitions of {@code analytics.event}
 *     must exist; {@link EventPartitions} creates the missing ones
 * @param partitionCheck how often the leader replica checks them (and once soon after it starts)
 */
@Validated
@ConfigurationProperties("litper.analytics.feed")
public record FeedProperties(
        @DefaultValue("3") @Min(1) @Max(24) int partitionsAhead,
        @DefaultValue("6h") @NotNull Duration partitionCheck) {
}
