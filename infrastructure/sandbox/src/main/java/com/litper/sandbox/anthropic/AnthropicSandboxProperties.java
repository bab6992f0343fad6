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
 * @param requestsPerMinute requests per rate window ({@code anthropic-ratelimit-requests-*}); beyond it, 429
 * @param inputTokensPerMinute input tokens (cache writes included, cache reads not) per rate window
 *     ({@code anthropic-ratelimit-input-tokens-*}); once spent, 429
 * @param outputTokensPerMinute output tokens per rate window ({@code anthropic-ratelimit-output-tokens-*}); once spent, 429
 * @param rateWindow the rate limit's window, a minute as the API's; shorter in tests
 * @param retryAfter the {@code retry-after} of an injected 429 or 529
 * @param keptRequests how many received requests the developer list keeps, newest last
 */
@Validated
@ConfigurationProperties("sandbox.anthropic")
public record AnthropicSandboxProperties(
        String apiKey,
        @DefaultValue("1000") @Min(1) int requestsPerMinute,
        @DefaultValue("400000") @Min(1) long inputTokensPerMinute,
        @DefaultValue("80000") @Min(1) long outputTokensPerMinute,
        @DefaultValue("60s") @NotNull Duration rateWindow,
        @DefaultValue("1s") @NotNull Duration retryAfter,
        @DefaultValue("500") @Min(1) int keptRequests) {

    boolean anyKey() {
        return apiKey == null || apiKey.isBlank();
    }

    @Override
    public String toString() {
        return "AnthropicSandboxProperties[apiKey=" + (anyKey() ? "<any>" : "<redacted>") + ", requestsPerMinute=" + requestsPerMinute
                + ", inputTokensPerMinute=" + inputTokensPerMinute + ", outputTokensPerMinute=" + outputTokensPerMinute + ", rateWindow=" + rateWindow
                + ", retryAfter=" + retryAfter + ", keptRequests=" + keptRequests + "]";
    }
}
