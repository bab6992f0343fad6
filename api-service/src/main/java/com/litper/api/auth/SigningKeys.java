package com.litper.api.auth;

import com.litper.common.security.LitperJwtDecoders;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.Map;
import java.util.Optional;

/**
 * api-service's signing keys: one active key signs new tokens; every key of the set, active or
 * not, is published (public parts only) so tokens signed before a rotation stay valid.
 */
final class SigningKeys {

    private final JWKSet keys;
    private final JWK active;
    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;

    private SigningKeys(JWKSet keys, JWK active) {
        this.keys = keys;
        this.active = active;
        try {
            if (active instanceof RSAKey rsa) {
                this.signer = new RSASSASigner(rsa);
                this.algorithm = JWSAlgorithm.RS256;
            } else if (active instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
                this.signer = new ECDSASigner(ec);
                this.algorithm = JWSAlgorithm.ES256;
            } else {
                throw new IllegalArgumentException("The active signing key must be RSA or EC P-256, was " + active.getKeyType());
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("The active signing key " + active.getKeyID() + " cannot sign: " + e.getMessage(), e);
        }
    }

    /** The keys of the configuration, or empty when none are configured. */
    static Optional<SigningKeys> from(AuthProperties properties) {
        if (properties.signingKeys().isBlank()) {
            return Optional.empty();
        }
        JWKSet keys = LitperJwtDecoders.parse(properties.signingKeys(), "litper.api.auth.signing-keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("litper.api.auth.signing-keys holds no key");
        }
        for (JWK key : keys.getKeys()) {
            if (key.getKeyID() == null || key.getKeyID().isBlank()) {
                throw new IllegalArgumentException("Every key of litper.api.auth.signing-keys needs a kid");
            }
        }
        JWK active = properties.activeKeyId().isBlank() ? keys.getKeys().get(0) : keys.getKeyByKeyId(properties.activeKeyId());
        if (active == null) {
            throw new IllegalArgumentException("litper.api.auth.active-key-id " + properties.activeKeyId() + " is not in the signing keys");
        }
        if (!active.isPrivate()) {
            throw new IllegalArgumentException("The active signing key " + active.getKeyID() + " has no private part");
        }
        return Optional.of(new SigningKeys(keys, active));
    }

    String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(active.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing with key " + active.getKeyID() + " failed", e);
        }
        return jwt.serialize();
    }

    /** Every key's public part, as {@code /.well-known/jwks.json} publishes them. */
    JWKSet publicKeys() {
        return keys.toPublicJWKSet();
    }

    Map<String, Object> publicJson() {
        return publicKeys().toJSONObject(true);
    }
}
