package com.litper.chat.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The inbox's live updates ({@code GET /api/chat/events}, Server-Sent Events from a Redis stream per
 * store; docs/chat.md).
 *
 * @param maxLength about how many events each store's stream keeps ({@code XADD MAXLEN ~}); a client
 *     that comes back after more than that many events gets a {@code reset} event and reloads
 * @param maxStreams how many event streams one replica serves at once (each holds a thread and a Redis
 *     connection); beyond it a new one is refused with 503 and {@code Retry-After}
 * @param block how long one read waits for new events ({@code XREAD BLOCK}); below the Redis command
 *     timeout ({@code spring.data.redis.timeout}, 2 s), and how soon a closed stream is noticed
 * @param heartbeat how long a quiet stream waits before a comment line, which keeps proxies (the
 *     Ingress closes idle connections after 60 s) from closing it and shows a gone client
 * @param streamTimeout how long one stream stays open; the client then reconnects with
 *     {@code Last-Event-ID} and misses nothing
 * @param reconnect how long the client waits before reconnecting ({@code retry:})
 */
@Validated
@ConfigurationProperties("litper.chat.events")
public record EventsProperties(
        @DefaultValue("1000") @Min(10) long maxLength,
        @DefaultValue("200") @Min(1) @Max(10_000) int maxStreams,
        @DefaultValue("1s") @NotNull Duration block,
        @DefaultValue("15s") @NotNull Duration heartbeat,
        @DefaultValue("30m") @NotNull Duration streamTimeout,
        @DefaultValue("3s") @NotNull Duration reconnect) {

    public EventsProperties {
        if (block.isNegative() || block.isZero()) {
            throw new IllegalArgumentException("litper.chat.events.block must be positive (and below spring.data.redis.timeout), was " + block);
        }
    }
}
