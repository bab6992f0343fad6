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
 * @param maxBatch most events inserted by one statement and one commit ({@link EventLog}'s group commit)
 * @param writers most such batches being written at once, each on a connection of its own; the
 *     worker's other threads wait for them without holding a connection
 * @param maxWait how long an event may wait for a writer to take it before its task's attempt fails
 *     (nothing written; the queue retries the task)
 */
@Validated
@ConfigurationProperties("litper.analytics.feed")
public record FeedProperties(
        @DefaultValue("3") @Min(1) @Max(24) int partitionsAhead,
        @DefaultValue("6h") @NotNull Duration partitionCheck,
        // 22 parameters a row; a statement takes at most 65,535.
        @DefaultValue("500") @Min(1) @Max(2000) int maxBatch,
        @DefaultValue("8") @Min(1) @Max(16) int writers,
        @DefaultValue("30s") @NotNull Duration maxWait) {
}
