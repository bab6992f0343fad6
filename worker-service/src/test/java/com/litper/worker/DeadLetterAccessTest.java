package com.litper.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Dead letters hold buyers' phone numbers and DELETE purges a queue: only operators may read,
 * replay or purge them.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterAccessTest {

    private static final String PATH = "/actuator/deadletters/worker";

    /** The actuator endpoints are on the management port only. */
    @LocalManagementPort
    int port;

    @LocalServerPort
    int applicationPort;

    private Http.Response call(String method, String token) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.putAll(TestTokens.bearer(token));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(Http.localhost(port).uri(PATH));
        switch (method) {
            case "POST" -> {
                headers.put("Content-Type", "application/json");
                request.POST(HttpRequest.BodyPublishers.ofString("{}"));
            }
            case "DELETE" -> request.DELETE();
            default -> request.GET();
        }
        return Http.localhost(port).send(request, headers);
    }

    @Test
    void theApplicationPortHasNoDeadLetters() {
        assertThat(Http.localhost(applicationPort).get(PATH, TestTokens.bearer(TestTokens.operator())).status()).isEqualTo(404);
    }

    @Test
    void anonymousCallersAreRefused() {
        for (String method : new String[] {"GET", "POST", "DELETE"}) {
            Http.Response response = call(method, null);
            assertThat(response.status()).as(method).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.body()).doesNotContain("deadLetters");
        }
    }

    @Test
    void storeCallersAreForbidden() {
        String owner = TestTokens.owner(UUID.randomUUID());
        for (String method : new String[] {"GET", "POST", "DELETE"}) {
            Http.Response response = call(method, owner);
            assertThat(response.status()).as(method).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void operatorsReadReplayAndPurge() {
        String operator = TestTokens.operator();
        Http.Response read = call("GET", operator);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("queue").asString()).isEqualTo("worker");
        assertThat(call("POST", operator).status()).isEqualTo(200);
        assertThat(call("DELETE", operator).json().path("action").asString()).isNotBlank();
    }
}
