package com.litper.api.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.api.ApiTestSupport;
import com.litper.api.store.ApiKeys;
import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Store users: invited by an owner, signed in with a password, refreshed, throttled, disabled. */
class StoreUsersTest extends ApiTestSupport {

    private static final String PASSWORD = "correct horse battery staple";

    private record Invited(ApiKeys.NewKey store, String owner, String userId, String email) {
    }

    private Invited invite(Role role) {
        ApiKeys.NewKey store = newStore();
        String owner = TestTokens.owner(store.storeId());
        String email = "user-" + UUID.randomUUID() + "@example.com";
        Http.Response invited = post(owner, "/api/users", "{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}");
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        String token = invited.json().path("invitationToken").asString();
        Http.Response accepted = post(null, "/api/auth/invitations/accept",
                "{\"token\": \"" + token + "\", \"password\": \"" + PASSWORD + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(204);
        assertProblem(post(null, "/api/auth/invitations/accept", "{\"token\": \"" + token + "\", \"password\": \"" + PASSWORD + "\"}"), 400);
        return new Invited(store, owner, invited.json().path("id").asString(), email);
    }

    private Http.Response signIn(String email, String password) {
        return token("grant_type=password&username=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8), Map.of());
    }

    private Http.Response refresh(String refreshToken) {
        return token("grant_type=refresh_token&refresh_token=" + refreshToken, Map.of());
    }

    @Test
    void anInvitedUserSignsInWithItsRoleInItsStore() {
        Invited user = invite(Role.SUPPORT);
        Http.Response signedIn = signIn(user.email(), PASSWORD);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
        assertThat(signedIn.json().path("refresh_token").asString()).isNotBlank();
        String access = signedIn.json().path("access_token").asString();
        assertThat(get(access, "/api/store").json().path("id").asString()).isEqualTo(user.store().storeId().toString());
        assertThat(post(access, "/api/orders", order()).status()).isEqualTo(201);
        assertProblem(get(access, "/api/keys"), 403);
        assertProblem(get(access, "/api/users"), 403);

        String hash = jdbc.sql("SELECT password_hash FROM api.store_user WHERE id = :id").param("id", UUID.fromString(user.userId()))
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain(PASSWORD);
    }

    @Test
    void refreshTokensRotateAndAReusedOneRevokesTheUsersTokens() {
        Invited user = invite(Role.VIEWER);
        String first = signIn(user.email(), PASSWORD).json().path("refresh_token").asString();
        Http.Response rotated = refresh(first);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String second = rotated.json().path("refresh_token").asString();
        assertThat(second).isNotEqualTo(first);
        assertThat(get(rotated.json().path("access_token").asString(), "/api/orders").status()).isEqualTo(200);

        // The first token again: someone copied it, so the current one stops working too.
        assertThat(refresh(first).json().path("error").asString()).isEqualTo("invalid_grant");
        assertThat(refresh(second).json().path("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void aDisabledUserGetsNoTokens() {
        Invited user = invite(Role.SUPPORT);
        Http.Response signedIn = signIn(user.email(), PASSWORD);
        String refreshToken = signedIn.json().path("refresh_token").asString();
        String access = signedIn.json().path("access_token").asString();
        assertThat(get(access, "/api/orders").status()).isEqualTo(200);
        // Another store's owner does not see the user.
        assertProblem(post(TestTokens.owner(newStore().storeId()), "/api/users/" + user.userId() + "/disable", ""), 404);
        assertThat(post(user.owner(), "/api/users/" + user.userId() + "/disable", "").status()).isEqualTo(204);
        assertThat(signIn(user.email(), PASSWORD).json().path("error").asString()).isEqualTo("invalid_grant");
        assertThat(refresh(refreshToken).json().path("error").asString()).isEqualTo("invalid_grant");
        // Its current access token stops working at once on api-service (elsewhere when it expires).
        Http.Response refused = get(access, "/api/orders");
        assertProblem(refused, 401);
        assertThat(refused.json().path("detail").asString()).contains("disabled");
        assertThat(get(user.owner(), "/api/users").json().get(0).path("active").asBoolean()).isFalse();
    }

    @Test
    void repeatedWrongPasswordsLockTheUser() {
        Invited user = invite(Role.OWNER);
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(user.email(), "wrong password " + i).json().path("error").asString()).isEqualTo("invalid_grant");
        }
        Http.Response locked = signIn(user.email(), PASSWORD);
        assertThat(locked.status()).isEqualTo(400);
        assertThat(locked.json().path("error_description").asString()).contains("locked");
    }

    @Test
    void onlyOwnersManageUsersAndInvitationsAreChecked() {
        ApiKeys.NewKey store = newStore();
        assertProblem(post(TestTokens.store(store.storeId(), Role.VIEWER), "/api/users", "{\"email\": \"a@b.co\", \"role\": \"VIEWER\"}"), 403);
        assertProblem(post(store.key(), "/api/users", "{\"email\": \"a@b.co\", \"role\": \"VIEWER\"}"), 403);
        String owner = TestTokens.owner(store.storeId());
        assertProblem(post(owner, "/api/users", "{\"email\": \"not-an-email\", \"role\": \"VIEWER\"}"), 400);
        assertProblem(post(owner, "/api/users", "{\"email\": \"a@b.co\", \"role\": \"OPERATOR\"}"), 400);
        String email = "dup-" + UUID.randomUUID() + "@example.com";
        assertThat(post(owner, "/api/users", "{\"email\": \"" + email + "\", \"role\": \"VIEWER\"}").status()).isEqualTo(201);
        assertProblem(post(owner, "/api/users", "{\"email\": \"" + email.toUpperCase() + "\", \"role\": \"VIEWER\"}"), 409);
        String token = post(owner, "/api/users", "{\"email\": \"x" + email + "\", \"role\": \"VIEWER\"}").json().path("invitationToken").asString();
        assertProblem(post(null, "/api/auth/invitations/accept", "{\"token\": \"" + token + "\", \"password\": \"short\"}"), 400);
        assertProblem(post(null, "/api/auth/invitations/accept", "{\"token\": \"nope\", \"password\": \"" + PASSWORD + "\"}"), 400);
    }
}
