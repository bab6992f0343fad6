package com.litper.common.ratelimit.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-store limits on {@code /api/**}, counted per service and shared by its replicas through Redis.
 *
 * @param enabled whether stores' requests are counted at all
 * @param requestsPerWindow requests a store may make to this service per window
 * @param window the window; a store's bucket is full again this long after it started using it
 * @param stores limits of particular stores, by store id, replacing the default (e.g. a large
 *     store with a contract for more)
 */
@ConfigurationProperties("litper.rate-limit")
public record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("600") int requestsPerWindow,
        @DefaultValue("1m") Duration window,
        @DefaultValue Map<UUID, StoreLimit> stores) {

    /**
     * One store's limit.
     *
     * @param requestsPerWindow requests the store may make per window
     * @param window the store's window; the default window when unset
     */
    public record StoreLimit(int requestsPerWindow, Duration window) {
    }
}
