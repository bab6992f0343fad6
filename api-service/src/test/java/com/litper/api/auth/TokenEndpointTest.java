package com.litper.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.api.ApiTestSupport;
import com.litper.api.store.ApiKeys;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The token endpoint, the published keys and the operators' platform endpoints. */
class TokenEndpointTest extends ApiTestSupport {

    private static String form(String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.append(form.isEmpty() ? "" : "&").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private static void assertOAuthError(Http.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("error").asString()).isEqualTo(error);
        assertThat(response.json().path("error_description").asString()).isNotBlank();
    }

    @Test
    void anApiKeyIsExchangedForAShortLivedTokenOfItsStore() throws Exception {
        ApiKeys.NewKey key = newStore();
        Http.Response response = token(form("grant_type", "client_credentials", "client_secret", key.key()), Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isEqualTo(300);
        assertThat(response.header("Cache-Control")).contains("no-store");
        String token = body.path("access_token").asString();

        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("litper");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("apikey:" + key.id());
        assertThat(jwt.getJWTClaimsSet().getStringClaim("store_id")).isEqualTo(key.storeId().toString());
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("INTEGRATION");

        Http.Response store = get(token, "/api/store");
        assertThat(store.status()).isEqualTo(200);
        assertThat(store.json().path("id").asString()).isEqualTo(key.storeId().toString());
        assertThat(post(token, "/api/orders", order()).status()).isEqualTo(201);
    }

    @Test
    void revokingTheKeyStopsItsTokensOnApiServiceAtOnce() {
        ApiKeys.NewKey key = newStore();
        String token = token(form("grant_type", "client_credentials", "client_secret", key.key()), Map.of()).json().path("access_token").asString();
        assertThat(get(token, "/api/orders").status()).isEqualTo(200);
        ApiKeys.NewKey other = apiKeys.createKey(key.storeId(), "other");
        assertThat(delete(other.key(), "/api/keys/" + key.id()).status()).isEqualTo(204);
        Http.Response refused = get(token, "/api/orders");
        assertProblem(refused, 401);
        assertThat(refused.json().path("detail").asString()).contains("revoked");
    }

    @Test
    void theKeyMayComeAsBasicClientAuthentication() {
        ApiKeys.NewKey key = newStore();
        String basic = Base64.getEncoder().encodeToString((key.id() + ":" + key.key()).getBytes(StandardCharsets.UTF_8));
        Http.Response response = token(form("grant_type", "client_credentials"), Map.of("Authorization", "Basic " + basic));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void unknownKeysAndGrantsAreOAuthErrors() {
        assertOAuthError(token(form("grant_type", "client_credentials", "client_secret", "lp_live_" + "B".repeat(32)), Map.of()),
                401, "invalid_client");
        assertOAuthError(token(form("grant_type", "authorization_code", "code", "x"), Map.of()), 400, "unsupported_grant_type");
        assertOAuthError(token(form("username", "ops"), Map.of()), 400, "invalid_request");
        assertOAuthError(token(form("grant_type", "password", "username", "ana@example.com", "password", "nope"), Map.of()),
                400, "invalid_grant");
    }

    @Test
    void theSigningKeysArePublishedWithoutTheirPrivateParts() {
        Http.Response jwks = http().get("/.well-known/jwks.json");
        assertThat(jwks.status()).isEqualTo(200);
        JsonNode key = jwks.json().path("keys").get(0);
        assertThat(key.path("kid").asString()).isEqualTo("test-key-1");
        assertThat(key.has("n")).isTrue();
        assertThat(key.has("d")).as("private exponent").isFalse();
        assertThat(key.has("p")).isFalse();
    }

    @Test
    void anOperatorSignsInAndCreatesAStore() {
        Http.Response signIn = token(form("grant_type", "password", "username", "ops", "password", OPERATOR_PASSWORD), Map.of());
        assertThat(signIn.status()).as(signIn.body()).isEqualTo(200);
        String operator = signIn.json().path("access_token").asString();

        Http.Response created = post(operator, "/api/admin/stores", "{\"name\": \"Tienda Nueva\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().path("key").asString();
        assertThat(get(key, "/api/store").json().path("name").asString()).isEqualTo("Tienda Nueva");
        // Operators act for no store.
        assertProblem(get(operator, "/api/orders"), 403);
        assertProblem(post(operator, "/api/admin/stores", "{\"name\": \"\"}"), 400);
    }

    @Test
    void storeCreationIsForOperatorsOnly() {
        assertProblem(post(null, "/api/admin/stores", "{\"name\": \"X\"}"), 401);
        ApiKeys.NewKey store = newStore();
        assertProblem(post(store.key(), "/api/admin/stores", "{\"name\": \"X\"}"), 403);
        assertProblem(post(TestTokens.owner(store.storeId()), "/api/admin/stores", "{\"name\": \"X\"}"), 403);
    }

    @Test
    void repeatedWrongPasswordsLockTheAccount() {
        for (int i = 0; i < 5; i++) {
            assertOAuthError(token(form("grant_type", "password", "username", "lockout-test", "password", "guess-" + i), Map.of()),
                    400, "invalid_grant");
        }
        Http.Response locked = token(form("grant_type", "password", "username", "lockout-test", "password", OPERATOR_PASSWORD), Map.of());
        assertOAuthError(locked, 400, "invalid_grant");
        assertThat(locked.json().path("error_description").asString()).contains("locked");
        assertThat(token(form("grant_type", "password", "username", "nobody-" + UUID.randomUUID(), "password", "x"), Map.of()).status())
                .isEqualTo(400);
    }
}
