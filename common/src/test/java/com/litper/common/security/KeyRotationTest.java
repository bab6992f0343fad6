package com.litper.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.testing.TestTokens;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Signing keys rotate without restarting any service: a decoder reading a published key set
 * ({@code litper.security.jwks-uri}, api-service's {@code /.well-known/jwks.json}) accepts a token
 * signed with a key published after it started, keeps accepting the previous key while it is still
 * published, and never accepts a key that is not.
 */
class KeyRotationTest {

    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;
    private JwtDecoder decoder;

    @BeforeEach
    void publish() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        decoder = LitperJwtDecoders.remote("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json",
                TestTokens.ISSUER, LitperClaims.AUDIENCE);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static RSAKey key(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
    }

    private static String token(RSAKey key) {
        return TestTokens.builder().store(UUID.randomUUID()).roles(Role.OWNER).signedBy(key).sign();
    }

    @Test
    void aKeyPublishedAfterStartIsFetchedWhenATokenFirstNamesIt() throws Exception {
        RSAKey current = key("2026-11-a");
        RSAKey next = key("2026-11-b");
        published.set(new JWKSet(current.toPublicJWK()));
        assertThat(decoder.decode(token(current)).getSubject()).startsWith("test:");
        int fetchesBefore = fetches.get();

        // Rotation, step 1: api-service publishes the next key beside the current one, then signs with it.
        published.set(new JWKSet(java.util.List.of(current.toPublicJWK(), next.toPublicJWK())));
        assertThat(decoder.decode(token(next)).getClaimAsString(LitperClaims.STORE_ID)).isNotBlank();
        assertThat(fetches.get()).as("the unknown kid made the decoder fetch the set again").isGreaterThan(fetchesBefore);
        // Tokens signed before the switch stay valid until they expire.
        assertThat(decoder.decode(token(current)).getSubject()).startsWith("test:");
    }

    @Test
    void aKeyThatIsNotPublishedIsRefusedEvenAfterARefetch() throws Exception {
        RSAKey current = key("2026-11-a");
        published.set(new JWKSet(current.toPublicJWK()));
        decoder.decode(token(current));

        assertThatThrownBy(() -> decoder.decode(token(key("2026-11-forged")))).isInstanceOf(JwtException.class);
        // Same kid, other key pair: the signature does not verify.
        assertThatThrownBy(() -> decoder.decode(token(key("2026-11-a")))).isInstanceOf(JwtException.class);
    }
}
