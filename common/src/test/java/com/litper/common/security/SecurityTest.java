package com.litper.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testapp.TestApplication;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The security rules every service gets from common, exercised on a tiny service. */
@ExtendWith(EmbeddedInfrastructure.class)
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "litper.security.cors.allowed-origins=https://app.litper.test")
class SecurityTest {

    @LocalServerPort
    int port;

    Http http() {
        return Http.localhost(port);
    }

    @LocalManagementPort
    int managementPort;

    Http.Response get(String path, String token) {
        return http().get(path, token == null ? Map.of() : TestTokens.bearer(token));
    }

    /** On the management port, where the actuator endpoints are. */
    Http.Response manage(String path, String token) {
        return Http.localhost(managementPort).get(path, token == null ? Map.of() : TestTokens.bearer(token));
    }

    static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asString()).isNotBlank();
        assertThat(response.json().path("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
    }

    static String unauthorized(Http.Response response) {
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        return response.json().path("detail").asString();
    }

    @Test
    void anonymousCallsToTheApiAreRefusedWithAChallenge() {
        assertThat(unauthorized(get("/api/whoami", null))).contains("Authorization: Bearer");
        assertThat(unauthorized(get("/agents/ping", null))).contains("Authorization: Bearer");
        assertThat(unauthorized(http().get("/api/whoami", Map.of("Authorization", "Basic dXNlcjpwYXNz")))).contains("Bearer");
    }

    @Test
    void aValidTokenReachesTheHandlerAsALitperPrincipal() {
        UUID store = UUID.randomUUID();
        Http.Response response = get("/api/whoami", TestTokens.builder().subject("user:ana").store(store).roles(Role.SUPPORT).sign());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("subject").asString()).isEqualTo("user:ana");
        assertThat(response.json().path("storeId").asString()).isEqualTo(store.toString());
        assertThat(response.json().path("roles").get(0).asString()).isEqualTo("SUPPORT");
        assertThat(get("/agents/ping", TestTokens.owner(store)).status()).isEqualTo(200);
    }

    @Test
    void expiredTokensAreRefused() {
        String token = TestTokens.builder().issuedAt(Instant.now().minus(Duration.ofMinutes(10))).sign();
        assertThat(unauthorized(get("/api/whoami", token))).containsIgnoringCase("expired");
        assertThat(get("/api/whoami", token).header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void tokensForAnotherAudienceOrIssuerAreRefused() {
        assertThat(unauthorized(get("/api/whoami", TestTokens.builder().audience("someone-else").sign()))).contains("aud");
        assertThat(unauthorized(get("/api/whoami", TestTokens.builder().issuer("https://evil.example").sign()))).contains("iss");
    }

    @Test
    void tokensSignedByAnotherKeyOrUnsignedAreRefused() {
        assertThat(unauthorized(get("/api/whoami", TestTokens.builder().signedByStranger().sign()))).containsIgnoringCase("signature");
        unauthorized(get("/api/whoami", TestTokens.builder().unsigned()));
    }

    @Test
    void malformedTokensAreRefused() {
        unauthorized(get("/api/whoami", "not-a-token"));
        unauthorized(get("/api/whoami", "a.b.c"));
    }

    @Test
    void tokensOfTheWrongShapeAreRefused() {
        assertThat(unauthorized(get("/api/whoami", TestTokens.builder().lifetime(Duration.ofHours(1)).sign()))).contains("5 minutes");
        assertThat(unauthorized(get("/api/whoami", TestTokens.builder().roleNames("ADMIN").sign()))).contains("Unknown role");
        assertThat(unauthorized(get("/api/whoami", TestTokens.builder().store(null).sign()))).contains("store_id");
    }

    @Test
    void storeApisRefuseOperatorsWhoActForNoStore() {
        assertProblem(get("/api/whoami", TestTokens.operator()), 403);
        unauthorized(get("/api/admin/stores", null));
        assertProblem(get("/api/admin/stores", TestTokens.owner(UUID.randomUUID())), 403);
    }

    @Test
    void actuatorEndpointsAreForOperatorsOnly() {
        unauthorized(manage("/actuator/info", null));
        Http.Response owner = manage("/actuator/info", TestTokens.owner(UUID.randomUUID()));
        assertProblem(owner, 403);
        assertThat(owner.json().path("detail").asString()).contains("roles");
        assertThat(manage("/actuator/info", TestTokens.operator()).status()).isEqualTo(200);
        // Not on the application port at all, whoever asks.
        assertThat(get("/actuator/info", TestTokens.operator()).status()).isEqualTo(404);
    }

    /** Each public path answers without credentials (404 where this test service has no handler for it). */
    @Nested
    class PublicEndpointsTest {

        @Test
        void probes() {
            assertThat(get("/health", null).status()).isEqualTo(200);
            assertThat(get("/ready", null).status()).isEqualTo(200);
            assertThat(manage("/actuator/health", null).status()).isEqualTo(200);
        }

        @Test
        void prometheusOnTheManagementPort() {
            assertThat(manage("/actuator/prometheus", null).status()).isEqualTo(200);
            assertThat(get("/actuator/prometheus", null).status()).isEqualTo(404);
        }

        @Test
        void webhooks() {
            assertThat(http().post("/webhooks/carriers/servientrega", "application/json", "{}").status()).isNotIn(401, 403);
        }

        @Test
        void trackingLookup() {
            assertThat(get("/api/tracking/CO123456789", null).status()).isNotIn(401, 403);
            // Only the lookup itself: a deeper path is not public.
            unauthorized(get("/api/tracking/CO123456789/events", null));
        }

        @Test
        void reportFiles() {
            assertThat(get("/api/analytics/reports/" + UUID.randomUUID() + "/file?expires=1&signature=x", null).status()).isNotIn(401, 403);
            // Only the file: the report itself and the requests need a token.
            unauthorized(get("/api/analytics/reports/" + UUID.randomUUID(), null));
            unauthorized(get("/api/analytics/reports", null));
        }

        @Test
        void openApiDocument() {
            assertThat(get("/api/openapi.yaml", null).status()).isNotIn(401, 403);
        }

        @Test
        void jwks() {
            assertThat(get("/.well-known/jwks.json", null).status()).isNotIn(401, 403);
        }

        @Test
        void tokenEndpoint() {
            assertThat(http().post("/api/auth/token", "application/x-www-form-urlencoded", "grant_type=password").status())
                    .isNotIn(401, 403);
        }

        @Test
        void invitationAcceptance() {
            assertThat(http().post("/api/auth/invitations/accept", "application/json", "{}").status()).isNotIn(401, 403);
        }
    }

    @Test
    void unknownPathsStillAnswer404ToAnyone() {
        assertProblem(get("/no/such/endpoint", null), 404);
    }

    @Test
    void responsesCarryTheSecurityHeaders() {
        Http.Response response = get("/api/whoami", TestTokens.owner(UUID.randomUUID()));
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    @Test
    void theWebFrontendsOriginMayCallTheApiAndNoOtherOrigin() {
        Map<String, String> preflight = new HashMap<>(Map.of("Origin", "https://app.litper.test",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"));
        Http.Response allowed = http().send(HttpRequest.newBuilder(http().uri("/api/whoami"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), preflight);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.litper.test");

        preflight.put("Origin", "https://evil.example");
        Http.Response refused = http().send(HttpRequest.newBuilder(http().uri("/api/whoami"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()), preflight);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void tokensNeverReachTheLogs(CapturedOutput output) {
        String valid = TestTokens.owner(UUID.randomUUID());
        String expired = TestTokens.builder().issuedAt(Instant.now().minus(Duration.ofMinutes(10))).sign();
        get("/api/whoami", valid);
        get("/api/whoami", expired);
        get("/api/whoami", TestTokens.builder().signedByStranger().sign());
        assertThat(output.getAll()).doesNotContain(valid).doesNotContain(expired);
        assertThat(unauthorized(get("/api/whoami", expired))).doesNotContain(expired.substring(expired.lastIndexOf('.') + 1));
    }
}
