package com.litper.common.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * Checks what a signature does not: Spring's defaults (expiry, not-before, issuer) plus Litper's
 * audience, the five-minute lifetime, and a shape the rest of the code can trust (known roles, a
 * store for every store role). Each failure names the claim, which becomes the 401's detail.
 */
public final class LitperTokenValidator implements OAuth2TokenValidator<Jwt> {

    private final OAuth2TokenValidator<Jwt> defaults;
    private final String audience;

    public LitperTokenValidator(String issuer, String audience) {
        this.defaults = JwtValidators.createDefaultWithIssuer(issuer);
        this.audience = audience;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        OAuth2TokenValidatorResult standard = defaults.validate(jwt);
        if (standard.hasErrors()) {
            return standard;
        }
        List<OAuth2Error> errors = new ArrayList<>();
        List<String> aud = jwt.getAudience();
        if (aud == null || !aud.contains(audience)) {
            errors.add(invalid("The token's audience (aud) must include \"" + audience + "\"."));
        }
        Instant issuedAt = jwt.getIssuedAt();
        Instant expiresAt = jwt.getExpiresAt();
        if (issuedAt == null || expiresAt == null) {
            errors.add(invalid("The token must carry iat and exp."));
        } else if (Duration.between(issuedAt, expiresAt).compareTo(LitperClaims.MAX_LIFETIME) > 0) {
            errors.add(invalid("The token lives longer than " + LitperClaims.MAX_LIFETIME.toMinutes() + " minutes (exp - iat)."));
        }
        if (jwt.getSubject() == null || jwt.getSubject().isBlank()) {
            errors.add(invalid("The token has no subject (sub)."));
        }
        List<Role> roles;
        try {
            roles = roles(jwt);
        } catch (IllegalArgumentException e) {
            errors.add(invalid(e.getMessage()));
            return OAuth2TokenValidatorResult.failure(errors);
        }
        if (roles.isEmpty()) {
            errors.add(invalid("The token has no roles."));
        }
        String store = jwt.getClaimAsString(LitperClaims.STORE_ID);
        if (roles.stream().anyMatch(Role::isStoreRole)) {
            if (store == null || !isUuid(store)) {
                errors.add(invalid("A store role needs the store_id claim (a UUID)."));
            }
        } else if (store != null) {
            errors.add(invalid("An operator token must not name a store."));
        }
        return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
    }

    /** The token's roles; an unknown role name makes the whole token invalid rather than silently weaker. */
    static List<Role> roles(Jwt jwt) {
        Object claim = jwt.getClaims().get(LitperClaims.ROLES);
        if (claim == null) {
            return List.of();
        }
        if (!(claim instanceof List<?> names)) {
            throw new IllegalArgumentException("The roles claim must be an array.");
        }
        List<Role> roles = new ArrayList<>();
        for (Object name : names) {
            try {
                roles.add(Role.valueOf(String.valueOf(name)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown role in the token: " + name + ".");
            }
        }
        return roles;
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static OAuth2Error invalid(String description) {
        return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
    }
}
