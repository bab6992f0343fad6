package com.litper.api.store;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * API key authentication.
 *
 * @param cacheTtl how long an instance keeps a valid key it looked up before asking the database
 *     again; zero turns the cache off. A key revoked on this instance stops working at once; one
 *     revoked on another replica of api-service stops working here within this time
 * @param cacheSize most keys an instance keeps
 */
@ConfigurationProperties("litper.api.keys")
public record ApiKeyProperties(@DefaultValue("10s") Duration cacheTtl, @DefaultValue("10000") int cacheSize) {

    public ApiKeyProperties {
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("litper.api.keys.cache-ttl must not be negative, was " + cacheTtl);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("litper.api.keys.cache-size must not be negative, was " + cacheSize);
        }
    }
}
