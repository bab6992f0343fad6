package com.litper.sandbox.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.sandbox.SandboxHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Messages API sandbox's rate limit: a budget per window, counted down in the
 * {@code anthropic-ratelimit-*} headers, a 429 with {@code retry-after} once it is spent, whole again
 * after the window's reset.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sandbox.anthropic.requests-per-minute=3", "sandbox.anthropic.rate-window=3s"})
class AnthropicRateLimitSandboxTest {

    private static final Map<String, String> AUTH = Map.of("x-api-key", "any-key", "anthropic-version", "2023-06-01");
    private static final String BODY = """
            {"model":"claude-sonnet-4-5","max_tokens":64,"messages":[{"role":"user","content":"Hola"}]}""";

    @LocalServerPort
    int port;

    @Test
    void theBudgetIsCountedDownInTheHeadersThenRefusedWith429UntilTheReset() throws Exception {
        SandboxHttp http = new SandboxHttp(port);
        // Spend a window, then start at the beginning of the next (its first request), so the next three share it.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            HttpResponse<String> probe = http.send("POST", "/anthropic/v1/messages", BODY, AUTH);
            return probe.statusCode() == 429;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send("POST", "/anthropic/v1/messages", BODY, AUTH).statusCode() == 200);

        HttpResponse<String> second = http.send("POST", "/anthropic/v1/messages", BODY, AUTH);
        HttpResponse<String> third = http.send("POST", "/anthropic/v1/messages", BODY, AUTH);
        HttpResponse<String> fourth = http.send("POST", "/anthropic/v1/messages", BODY, AUTH);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(header(second, "requests-limit")).isEqualTo("3");
        assertThat(header(second, "requests-remaining")).isEqualTo("1");
        assertThat(header(third, "requests-remaining")).isEqualTo("0");
        assertThat(Long.parseLong(header(third, "input-tokens-remaining"))).isLessThan(Long.parseLong(header(second, "input-tokens-remaining")));
        assertThat(Long.parseLong(header(third, "output-tokens-remaining"))).isLessThan(Long.parseLong(header(second, "output-tokens-remaining")));
        OffsetDateTime reset = OffsetDateTime.parse(header(third, "requests-reset"));
        assertThat(header(third, "input-tokens-reset")).isEqualTo(header(third, "requests-reset"));

        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(SandboxHttp.JSON.readTree(fourth.body()).path("error").path("type").asString()).isEqualTo("rate_limit_error");
        assertThat(Long.parseLong(fourth.headers().firstValue("retry-after").orElseThrow())).isBetween(1L, 3L);
        assertThat(header(fourth, "requests-remaining")).isEqualTo("0");

        await().atMost(Duration.ofSeconds(10)).until(() -> OffsetDateTime.now().isAfter(reset));
        HttpResponse<String> after = http.send("POST", "/anthropic/v1/messages", BODY, AUTH);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(header(after, "requests-remaining")).isEqualTo("2");
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue("anthropic-ratelimit-" + name).orElseThrow();
    }
}
