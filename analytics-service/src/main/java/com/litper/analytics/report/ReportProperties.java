package com.litper.analytics.report;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Report files (docs/analytics.md, "Reports").
 *
 * @param signingSecret the HMAC key that signs download links, at least 32 characters; from a
 *     Kubernetes Secret (LITPER_REPORTS_SIGNINGSECRET). Unset: a random key per process, so links
 *     work only on the replica that signed them and until it restarts (a warning says so)
 * @param linkLifetime how long a download link stays valid after it was handed out
 * @param retention how long a report is kept after it was requested; older ones are deleted
 * @param retentionInterval how often reports older than the retention are looked for
 * @param weeklyCron when the weekly summaries of the previous week (Monday to Sunday) are requested,
 *     a Spring cron expression in America/Bogota
 * @param maxPeriodDays the longest period a requested report may cover, in days
 * @param fetchSize rows read per round trip while a report streams the shipment facts
 */
@Validated
@ConfigurationProperties("litper.reports")
public record ReportProperties(
        String signingSecret,
        @DefaultValue("15m") @NotNull Duration linkLifetime,
        @DefaultValue("30d") @NotNull Duration retention,
        @DefaultValue("1h") @NotNull Duration retentionInterval,
        @DefaultValue("0 0 6 * * MON") @NotBlank String weeklyCron,
        @DefaultValue("366") @Min(1) int maxPeriodDays,
        @DefaultValue("1000") @Min(1) int fetchSize) {

    public ReportProperties {
        if (signingSecret != null && !signingSecret.isEmpty() && signingSecret.length() < 32) {
            // Never echo the value itself.
            throw new IllegalArgumentException("litper.reports.signing-secret must have at least 32 characters");
        }
        if (linkLifetime.isZero() || linkLifetime.isNegative()) {
            throw new IllegalArgumentException("litper.reports.link-lifetime must be positive, was " + linkLifetime);
        }
        if (retentionInterval.isZero() || retentionInterval.isNegative()) {
            throw new IllegalArgumentException("litper.reports.retention-interval must be positive, was " + retentionInterval);
        }
    }
}
