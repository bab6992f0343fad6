package com.litper.common.security.autoconfigure;

import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every Litper service checks its callers' access tokens (docs/security.md).
 *
 * @param issuer the {@code iss} every accepted token carries; api-service issues tokens with it
 * @param audience the {@code aud} every accepted token must include
 * @param jwksUri where the public signing keys are published (api-service's
 *     {@code /.well-known/jwks.json}); fetched once, cached, and fetched again when a token names a
 *     {@code kid} the cache lacks, so keys rotate without restarts. Empty: use {@code jwks}
 * @param jwks the public signing keys as an inline JWK set (JSON), for tests and the local suite;
 *     used when {@code jwks-uri} is empty. When both are empty every token is refused
 * @param cors cross-origin access for the web frontend
 */
@Validated
@ConfigurationProperties("litper.security")
public record LitperSecurityProperties(
        @DefaultValue("litper") @NotBlank String issuer,
        @DefaultValue("litper") @NotBlank String audience,
        @DefaultValue("") String jwksUri,
        @DefaultValue("") String jwks,
        @DefaultValue Cors cors) {

    /**
     * Cross-origin access to {@code /api/**}.
     *
     * @param allowedOrigins the web frontend's origins (scheme, host and port), e.g.
     *     {@code https://app.litper.co}; empty (the default): no cross-origin access. {@code *} is refused
     */
    public record Cors(@DefaultValue List<String> allowedOrigins) {

        public Cors {
            allowedOrigins = List.copyOf(allowedOrigins);
            if (allowedOrigins.stream().anyMatch(origin -> origin.contains("*"))) {
                throw new IllegalArgumentException("litper.security.cors.allowed-origins must list origins, not patterns: "
                        + allowedOrigins);
            }
        }
    }
}
