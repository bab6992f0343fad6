package com.litper.chat.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What chat-service tells buyers about their orders ({@code notify_buyer}, docs/chat.md).
 *
 * @param sessionMargin free text only while at least this much of the buyer's 24-hour service window
 *     is left: the message may wait for its buyer's pacing or the rate limit in worker-service, and
 *     WhatsApp refuses free text once the window closed (error 131047); otherwise the approved template
 */
@Validated
@ConfigurationProperties("litper.chat.notifications")
public record NotificationProperties(@DefaultValue("1h") @NotNull Duration sessionMargin) {

    public NotificationProperties {
        if (sessionMargin.isNegative() || sessionMargin.compareTo(Duration.ofHours(24)) >= 0) {
            throw new IllegalArgumentException("litper.chat.notifications.session-margin must be between 0 and 24h, was " + sessionMargin);
        }
    }
}
