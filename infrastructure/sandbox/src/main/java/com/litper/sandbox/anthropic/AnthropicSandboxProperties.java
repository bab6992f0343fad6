package com.litper.sandbox.anthropic;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the Messages API sandbox behaves (docs/sandboxes.md). The key never reaches a log line.
 *
 * @param apiKey the key callers must send ({@code x-api-key}, or {@code Authorization: Bearer} as
 *     anthropic-java sends it); blank: any non-blank key is accepted
 * @param requestsPerMinute the request limit reported in the {@code anthropic-ratelimit-requests-*} headers
 * @param retryAfter the {@code retry-after} of an injected 429 or 529
 * @param keptRequests how many received requests the developer list keeps, newest last
 */
@Validated
@ConfigurationProperties("sandbox.anthropic")
public record AnthropicSandboxProperties(
        String apiKey,
        @DefaultValue("1000") @Min(1) int requestsPerMinute,
        @DefaultValue("1s") @NotNull Duration retryAfter,
        @DefaultValue("500") @Min(1) int keptRequests) {

    boolean anyKey() {
        return apiKey == null || apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "AnthropicSandboxProperties[apiKey=" + (anyKey() ? "<any>" : "<redacted>") + ", requestsPerMinute=" + requestsPerMinute
                + ", retryAfter=" + retryAfter + ", keptRequests=" + keptRequests + "]";
    }
}
