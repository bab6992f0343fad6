package com.litper.agents.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Claude's Messages API as agent-orchestrator calls it (env {@code LITPER_ANTHROPIC_BASEURL},
 * {@code LITPER_ANTHROPIC_APIKEY}, {@code LITPER_ANTHROPIC_MODEL}). The key never reaches a log line.
 *
 * @param baseUrl the API's base URL; the local suite points it at the sandbox ({@code http://localhost:8099/anthropic})
 * @param apiKey the API key; blank: the service starts, and every run ends with the holding message and a hand-over
 * @param model the model every run uses
 * @param maxTokens most output tokens of one model call
 */
@Validated
@ConfigurationProperties("litper.anthropic")
public record AnthropicProperties(
        @DefaultValue("https://api.anthropic.com") @NotBlank String baseUrl,
        String apiKey,
        @DefaultValue("claude-sonnet-4-5") @NotBlank String model,
        @DefaultValue("1024") @Min(1) int maxTokens) {

    @Override
    public String toString() {
        return "AnthropicProperties[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "<none>" : "<redacted>")
                + ", model=" + model + ", maxTokens=" + maxTokens + "]";
    }
}
