package com.litper.api.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How api-service issues access tokens (docs/security.md).
 *
 * @param signingKeys the signing keys as a JWK set with private parts (RSA or EC P-256, each with a
 *     {@code kid}), from a Kubernetes Secret in production; never in committed files. Empty: no
 *     tokens are issued and the token endpoint answers 503
 * @param activeKeyId the {@code kid} that signs new tokens; the other keys of the set are still
 *     published so tokens they signed stay valid until they expire. Empty: the first key of the set
 * @param accessTokenLifetime how long an access token lives; at most 5 minutes, which bounds how
 *     long a revoked key or disabled user keeps access on services that only check signatures
 * @param maxFailedSignIns failed password sign-ins in a row after which an account is locked
 * @param lockout how long a locked account gets no tokens, even with the right password
 * @param refreshTokenLifetime how long a user's refresh token can be exchanged (once) for new tokens
 * @param invitationLifetime how long an invited user has to set a password
 */
@ConfigurationProperties("litper.api.auth")
public record AuthProperties(
        @DefaultValue("") String signingKeys,
        @DefaultValue("") String activeKeyId,
        @DefaultValue("5m") Duration accessTokenLifetime,
        @DefaultValue("5") int maxFailedSignIns,
        @DefaultValue("15m") Duration lockout,
        @DefaultValue("30d") Duration refreshTokenLifetime,
        @DefaultValue("7d") Duration invitationLifetime) {

    public AuthProperties {
        if (accessTokenLifetime.isNegative() || accessTokenLifetime.isZero() || accessTokenLifetime.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("litper.api.auth.access-token-lifetime must be between 0 and 5 minutes, was "
                    + accessTokenLifetime);
        }
        if (maxFailedSignIns < 1) {
            throw new IllegalArgumentException("litper.api.auth.max-failed-sign-ins must be at least 1, was " + maxFailedSignIns);
        }
    }
}
