package com.litper.analytics.facts;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The jobs that derive {@code shipment_fact} and {@code daily_rollup} from {@code event}
 * (docs/analytics.md, "Facts and rollups").
 *
 * @param enabled whether this service schedules the jobs at all (they run on the leader replica only)
 * @param interval time between two incremental runs
 * @param overlap how far before the watermark an incremental run looks again, so events stored by a
 *     transaction that committed after the previous run looked are still seen
 * @param nightlyCron when the nightly recomputation runs (America/Bogota)
 * @param nightlyWeeks how many weeks back the nightly run recomputes, by the day orders were placed
 * @param batchSize orders recomputed per statement
 */
@Validated
@ConfigurationProperties("litper.analytics.facts")
public record FactsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("3m") @NotNull Duration interval,
        @DefaultValue("2m") @NotNull Duration overlap,
        @DefaultValue("0 30 3 * * *") @NotNull String nightlyCron,
        @DefaultValue("6") @Min(1) int nightlyWeeks,
        @DefaultValue("1000") @Min(1) int batchSize) {
}
