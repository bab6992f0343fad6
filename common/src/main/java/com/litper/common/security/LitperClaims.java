package com.litper.common.security;

import java.time.Duration;

/**
 * The claims of a Litper access token, which api-service issues and every service checks. Header:
 * {@code kid} and RS256 (or ES256). Claims: {@code iss}, {@code aud: ["litper"]}, {@code sub},
 * {@code store_id} (absent for operators), {@code roles}, {@code iat}, {@code exp}.
 */
public final class LitperClaims {

    /** The audience every Litper access token names. */
    public static final String AUDIENCE = "litper";
    /** The store the token acts for, a UUID string; absent for operators. */
    public static final String STORE_ID = "store_id";
    /** The caller's roles, an array of {@link Role} names. */
    public static final String ROLES = "roles";
    /**
     * The longest an access token may live: a disabled user or revoked key keeps access at most
     * this long on services that only check signatures.
     */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private LitperClaims() {
    }
}
