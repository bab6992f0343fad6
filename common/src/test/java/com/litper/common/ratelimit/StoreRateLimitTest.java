package com.litper.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.security.Role;
import com.litper.common.testapp.TestApplication;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Per-store limits on /api/**: a noisy store gets 429s, the others keep their own budget. */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.rate-limit.requests-per-window=3", "litper.rate-limit.window=1m",
        "litper.rate-limit.stores.00000000-0000-4000-8000-00000000b16b.requests-per-window=5"})
class StoreRateLimitTest {

    private static final UUID BIG_STORE = UUID.fromString("00000000-0000-4000-8000-00000000b16b");

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    private Http.Response call(String token) {
        return Http.localhost(port).get("/api/whoami", TestTokens.bearer(token));
    }

    @Test
    void aNoisyStoreIsRefusedWhileAnotherKeepsItsBudget() {
        UUID noisyStore = UUID.randomUUID();
        String noisy = TestTokens.owner(noisyStore);
        String quiet = TestTokens.owner(UUID.randomUUID());
        for (int i = 0; i < 3; i++) {
            Http.Response ok = call(noisy);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"store\";q=3;w=60");
            assertThat(ok.header("RateLimit")).startsWith("\"store\";r=" + (2 - i) + ";t=");
        }
        Http.Response refused = call(noisy);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asString()).contains("3 requests in 60 seconds");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.header("RateLimit")).startsWith("\"store\";r=0;t=");

        // Same store, another user: the limit is the store's.
        assertThat(call(TestTokens.store(noisyStore, Role.SUPPORT)).status()).isEqualTo(429);
        assertThat(call(quiet).status()).isEqualTo(200);
    }

    @Test
    void aStoreCanHaveALimitOfItsOwn() {
        String big = TestTokens.owner(BIG_STORE);
        for (int i = 0; i < 5; i++) {
            assertThat(call(big).status()).isEqualTo(200);
        }
        assertThat(call(big).status()).isEqualTo(429);
    }

    @Test
    void publicPathsAndOperatorsAreNotCounted() {
        for (int i = 0; i < 5; i++) {
            assertThat(Http.localhost(port).get("/health").header("RateLimit")).isNull();
            assertThat(Http.localhost(managementPort).get("/actuator/info", TestTokens.bearer(TestTokens.operator())).status()).isEqualTo(200);
        }
    }
}
