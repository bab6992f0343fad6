package com.litper.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testapp.TestApplication;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** /ready follows the real PostgreSQL and Redis processes going away and coming back; /health does not. */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadinessTest {

    @LocalServerPort
    int port;

    @AfterEach
    void serversRunAgain() {
        EmbeddedInfrastructure.postgres().start();
        EmbeddedInfrastructure.redis().start();
    }

    private Http.Response ready() {
        return Http.localhost(port).get("/ready");
    }

    private void awaitReady(int status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(ready().status()).isEqualTo(status));
    }

    @Test
    void readinessIsDownWhileRedisIsDownAndUpWhenItReturns() {
        awaitReady(200);
        EmbeddedInfrastructure.redis().stop();
        awaitReady(503);
        Http.Response down = ready();
        assertThat(down.json().path("components").path("redis").path("status").asString()).isEqualTo("DOWN");
        assertThat(down.json().path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(Http.localhost(port).get("/health").status()).as("liveness ignores Redis").isEqualTo(200);

        EmbeddedInfrastructure.redis().start();
        awaitReady(200);
    }

    @Test
    void readinessIsDownWhilePostgresIsDownAndUpWhenItReturns() {
        awaitReady(200);
        EmbeddedInfrastructure.postgres().stop();
        awaitReady(503);
        assertThat(ready().json().path("components").path("db").path("status").asString()).isEqualTo("DOWN");
        assertThat(Http.localhost(port).get("/health").status()).as("liveness ignores PostgreSQL").isEqualTo(200);

        EmbeddedInfrastructure.postgres().start();
        awaitReady(200);
    }
}
