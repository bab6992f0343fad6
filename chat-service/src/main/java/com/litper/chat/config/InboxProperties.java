package com.litper.chat.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The support inbox ({@code /api/chat/*}, docs/chat.md).
 *
 * @param defaultPageSize conversations per page of the list when the request names no {@code limit}
 * @param maxPageSize the largest {@code limit} a request may ask for
 * @param messages how many of its latest messages a conversation's view carries
 * @param serviceWindow WhatsApp's customer-service window: how long after the buyer's last message
 *     free text may be sent; after it, only approved templates (WhatsApp's rule, 24 hours)
 * @param maxSnooze the furthest ahead a conversation may be snoozed
 * @param wakeInterval how often snoozed conversations whose time came are opened again
 */
@Validated
@ConfigurationProperties("litper.chat.inbox")
public record InboxProperties(
        @DefaultValue("25") @Min(1) @Max(500) int defaultPageSize,
        @DefaultValue("100") @Min(1) @Max(500) int maxPageSize,
        @DefaultValue("200") @Min(1) @Max(2000) int messages,
        @DefaultValue("24h") @NotNull Duration serviceWindow,
        @DefaultValue("90d") @NotNull Duration maxSnooze,
        @DefaultValue("30s") @NotNull Duration wakeInterval) {

    public InboxProperties {
        if (defaultPageSize > maxPageSize) {
            throw new IllegalArgumentException("litper.chat.inbox.default-page-size (" + defaultPageSize
                    + ") must not exceed max-page-size (" + maxPageSize + ")");
        }
    }
}
