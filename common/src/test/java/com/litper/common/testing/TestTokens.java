package com.litper.common.testing;

import com.litper.common.security.LitperClaims;
import com.litper.common.security.Role;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Access tokens for tests of every service. One RSA key pair per test JVM; its public half is the
 * {@code litper.security.jwks} of every Spring test context (see {@link TestKeysContextCustomizerFactory}),
 * so a token minted here is accepted by any service under test without further setup.
 */
public final class TestTokens {

    /** The issuer every service accepts by default. */
    public static final String ISSUER = "litper";
    private static final RSAKey KEY = generate("test-key-1");
    /** A key no service trusts, for "wrongly signed" tests. */
    private static final RSAKey STRANGER = generate("test-key-1");

    private TestTokens() {
    }

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK set services under test trust. */
    public static String jwks() {
        return new JWKSet(KEY.toPublicJWK()).toString();
    }

    /**
     * The same key with its private part, as api-service's {@code litper.api.auth.signing-keys}:
     * tokens api-service issues in tests are accepted by every service under test.
     */
    public static String signingJwks() {
        return new JWKSet(KEY).toString(false);
    }

    /** A token of a store user or integration. */
    public static String store(UUID storeId, Role... roles) {
        return builder().store(storeId).roles(roles).sign();
    }

    /** A token of the store's owner. */
    public static String owner(UUID storeId) {
        return store(storeId, Role.OWNER);
    }

    /** An operator's token. */
    public static String operator() {
        return builder().subject("operator:test").roles(Role.OPERATOR).sign();
    }

    /** The {@code Authorization} header for a token. */
    public static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A token with every claim changeable, valid by default (a new owner of a new store, 5 minutes). */
    public static final class Builder {
        // Not "user:…": api-service checks such subjects against its users table.
        private String subject = "test:" + UUID.randomUUID();
        private String issuer = ISSUER;
        private List<String> audience = List.of(LitperClaims.AUDIENCE);
        private String storeId = UUID.randomUUID().toString();
        private List<String> roles = List.of(Role.OWNER.name());
        private Instant issuedAt = Instant.now();
        private Duration lifetime = Duration.ofMinutes(5);
        private RSAKey key = KEY;

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String... audience) {
            this.audience = List.of(audience);
            return this;
        }

        public Builder store(UUID storeId) {
            this.storeId = storeId == null ? null : storeId.toString();
            return this;
        }

        public Builder roles(Role... roles) {
            this.roles = Arrays.stream(roles).map(Role::name).toList();
            if (Arrays.stream(roles).noneMatch(Role::isStoreRole)) {
                storeId = null;
            }
            return this;
        }

        public Builder roleNames(String... roles) {
            this.roles = List.of(roles);
            return this;
        }

        public Builder issuedAt(Instant issuedAt) {
            this.issuedAt = issuedAt;
            return this;
        }

        public Builder lifetime(Duration lifetime) {
            this.lifetime = lifetime;
            return this;
        }

        /** Signs with the given key, e.g. a newly rotated one, named by its {@code kid}. */
        public Builder signedBy(RSAKey key) {
            this.key = key;
            return this;
        }

        /** Signs with a key the services do not trust (same kid as theirs). */
        public Builder signedByStranger() {
            this.key = STRANGER;
            return this;
        }

        private JWTClaimsSet claims() {
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                    .subject(subject).issuer(issuer).audience(audience)
                    .issueTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plus(lifetime)))
                    .jwtID(UUID.randomUUID().toString())
                    .claim(LitperClaims.ROLES, roles);
            if (storeId != null) {
                claims.claim(LitperClaims.STORE_ID, storeId);
            }
            return claims.build();
        }

        public String sign() {
            try {
                SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims());
                jwt.sign(new RSASSASigner(key));
                return jwt.serialize();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The same claims unsigned, {@code "alg": "none"}: must be refused everywhere. */
        public String unsigned() {
            String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + KEY.getKeyID() + "\"}".getBytes(StandardCharsets.UTF_8)).toString();
            String payload = Base64URL.encode(claims().toString().getBytes(StandardCharsets.UTF_8)).toString();
            return header + "." + payload + ".";
        }
    }
}
