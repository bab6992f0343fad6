package com.litper.common.security;

import java.util.HashSet;
import java.util.UUID;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/** Turns a validated Litper access token into a {@link LitperAuthentication}. */
public final class LitperJwtAuthentication {

    private LitperJwtAuthentication() {
    }

    /** The principal a token stands for; the token was validated by {@link LitperTokenValidator}. */
    public static LitperPrincipal principal(Jwt jwt) {
        String store = jwt.getClaimAsString(LitperClaims.STORE_ID);
        return new LitperPrincipal(jwt.getSubject(), store == null ? null : UUID.fromString(store),
                new HashSet<>(LitperTokenValidator.roles(jwt)));
    }

    public static AbstractAuthenticationToken convert(Jwt jwt) {
        return new LitperAuthentication(principal(jwt));
    }

    /** Authenticates bearer tokens as Litper JWTs: what every service does, and api-service for non-key tokens. */
    public static AuthenticationManager manager(JwtDecoder decoder) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(LitperJwtAuthentication::convert);
        return new ProviderManager(provider);
    }
}
