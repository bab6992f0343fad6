package com.litper.common.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.text.ParseException;
import java.util.Set;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** Decoders of Litper access tokens: from a published key set, or from keys at hand. */
public final class LitperJwtDecoders {

    private LitperJwtDecoders() {
    }

    /**
     * Keys fetched from {@code jwksUri}; Nimbus caches the set and fetches it again when a token
     * names an unknown {@code kid}, so keys rotate without restarts.
     */
    public static JwtDecoder remote(String jwksUri, String issuer, String audience) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri).jwsAlgorithms(LitperJwtDecoders::algorithms).build();
        decoder.setJwtValidator(new LitperTokenValidator(issuer, audience));
        return decoder;
    }

    /** Keys given as a JWK set; private parts, if any, are dropped: verifying needs none. */
    public static JwtDecoder of(JWKSet keys, String issuer, String audience) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(new ImmutableJWKSet<>(keys.toPublicJWKSet()))
                .jwsAlgorithms(LitperJwtDecoders::algorithms).build();
        decoder.setJwtValidator(new LitperTokenValidator(issuer, audience));
        return decoder;
    }

    /** Parses a JWK set given in configuration, naming the property in the error. */
    public static JWKSet parse(String json, String property) {
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException(property + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    private static void algorithms(Set<SignatureAlgorithm> algorithms) {
        // Only asymmetric algorithms: "none" and HMAC (whose key would be the public key) are refused.
        algorithms.add(SignatureAlgorithm.RS256);
        algorithms.add(SignatureAlgorithm.ES256);
    }
}
