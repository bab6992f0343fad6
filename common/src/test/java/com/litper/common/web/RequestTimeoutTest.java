package com.litper.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testapp.TestApplication;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * An API request that runs past litper.web.request-timeout answers 503 and its transaction is
 * rolled back, whether it was waiting on something else when the deadline passed or on the database.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "litper.web.request-timeout=1s")
class RequestTimeoutTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void table() {
        jdbc.sql("CREATE TABLE IF NOT EXISTS request_timeout_rows (id uuid PRIMARY KEY)").update();
    }

    private Http.Response post(String path) {
        return Http.localhost(port).send(HttpRequest.newBuilder(Http.localhost(port).uri(path)).POST(HttpRequest.BodyPublishers.noBody()),
                TestTokens.bearer(TestTokens.owner(UUID.randomUUID())));
    }

    private boolean stored(UUID id) {
        return jdbc.sql("SELECT count(*) FROM request_timeout_rows WHERE id = ?").param(id).query(Long.class).single() == 1;
    }

    private static void assertTimedOut(Http.Response response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(problem.path("title").asString()).isEqualTo("Request took too long");
        assertThat(problem.path("detail").asString()).isEqualTo("The request took longer than 1 s and was stopped; nothing was changed by it.");
        assertThat(problem.path("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
    }

    @Test
    void aFastRequestCommitsAsUsual() {
        UUID id = UUID.randomUUID();

        Http.Response response = post("/api/timed-writes/" + id + "?millis=0");

        assertThat(response.status()).isEqualTo(200);
        assertThat(stored(id)).isTrue();
    }

    @Test
    void aRequestStillRunningAtItsDeadlineAnswers503AndItsWriteIsRolledBack() {
        UUID id = UUID.randomUUID();

        Http.Response response = post("/api/timed-writes/" + id + "?millis=1500");

        assertTimedOut(response);
        assertThat(stored(id)).isFalse();
    }

    @Test
    void aStatementStillRunningAtTheDeadlineIsCancelledAndTheTransactionRolledBack() {
        UUID id = UUID.randomUUID();

        long start = System.nanoTime();
        Http.Response response = post("/api/timed-writes/" + id + "/slow-statement?seconds=8");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertTimedOut(response);
        assertThat(stored(id)).isFalse();
        // Cancelled at the deadline rather than left to run its 8 s.
        assertThat(took).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void pathsOutsideTheApiHaveNoDeadline() {
        Http.Response response = Http.localhost(port).get("/slow?millis=1500", Map.of());

        assertThat(response.status()).isEqualTo(200);
    }
}
