package com.litper.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.LocalDate;

/**
 * The local suite's token signing key: made at the first start and kept in the data directory
 * (like the demo API key), so tokens and the demo owner's sessions survive restarts. api-service
 * gets the whole set (litper.api.auth.signing-keys); every service gets only the public half
 * (litper.security.jwks), as in production where they fetch api-service's JWKS. Never printed.
 */
final class LocalSigningKeys {

    private final JWKSet keys;

    private LocalSigningKeys(JWKSet keys) {
        this.keys = keys;
    }

    static LocalSigningKeys keptIn(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return new LocalSigningKeys(JWKSet.parse(Files.readString(file)));
            }
            JWKSet keys = new JWKSet(new RSAKeyGenerator(2048).keyID("local-" + LocalDate.now()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate());
            Files.createDirectories(file.getParent());
            Files.writeString(file, keys.toString(false));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the data directory's own permissions apply.
            }
            return new LocalSigningKeys(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the signing key in " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("Cannot read or make the signing key " + file + " (delete it to make a new one)", e);
        }
    }

    /** The set with private parts, for api-service only. */
    String privateJwks() {
        return keys.toString(false);
    }

    /** The public halves, for every service. */
    String publicJwks() {
        return keys.toPublicJWKSet().toString();
    }
}
