package com.litper.api.auth;

import com.litper.common.security.LitperClaims;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import com.litper.common.security.autoconfigure.LitperSecurityProperties;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Signs Litper access tokens (the claims of {@link LitperClaims}) for authenticated callers. */
final class TokenIssuer {

    private final Optional<SigningKeys> keys;
    private final LitperSecurityProperties security;
    private final AuthProperties properties;
    private final Clock clock;

    TokenIssuer(Optional<SigningKeys> keys, LitperSecurityProperties security, AuthProperties properties, Clock clock) {
        this.keys = keys;
        this.security = security;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * An access token and its lifetime in seconds.
     *
     * @param accessToken the signed JWT
     * @param expiresIn seconds until it expires
     */
    record Issued(String accessToken, long expiresIn) {
    }

    boolean canIssue() {
        return keys.isPresent();
    }

    Optional<SigningKeys> keys() {
        return keys;
    }

    Issued issue(LitperPrincipal principal) {
        SigningKeys signing = keys.orElseThrow(() -> new IllegalStateException("No signing keys (litper.api.auth.signing-keys)"));
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(security.issuer())
                .audience(List.of(security.audience()))
                .subject(principal.subject())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(properties.accessTokenLifetime())))
                .jwtID(UUID.randomUUID().toString())
                .claim(LitperClaims.ROLES, principal.roles().stream().map(Role::name).sorted().toList());
        if (principal.storeId() != null) {
            claims.claim(LitperClaims.STORE_ID, principal.storeId().toString());
        }
        return new Issued(signing.sign(claims.build()), properties.accessTokenLifetime().toSeconds());
    }
}
