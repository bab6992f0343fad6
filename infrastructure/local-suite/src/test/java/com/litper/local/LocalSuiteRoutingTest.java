package com.litper.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.embedded.FreePorts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Port 8000 routes every Ingress path to the right service. The services here are stand-ins
 * that say who they are (the suite's "external" mode), so each route is checked on its own, and
 * one is stopped and started again to see the gateway answer for it while it is away.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalSuiteRoutingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Map<String, HttpServer> backends = new ConcurrentHashMap<>();
    private static ConfigurableApplicationContext suite;
    private static int gatewayPort;
    private static int servicePortBase;

    @BeforeAll
    static void startSuiteWithStandInServices() throws IOException {
        int base = freeRange(SuiteService.CATALOG.size());
        servicePortBase = base;
        for (SuiteService service : SuiteService.CATALOG) {
            startStandIn(service);
        }
        Path data = Files.createTempDirectory("litper-local-routing");
        suite = new SpringApplicationBuilder(LocalSuiteApplication.class).run(
                "--server.port=0",
                "--litper.local.project-root=../..",
                "--litper.local.data-directory=" + data,
                "--litper.local.postgres-port=" + FreePorts.next(),
                "--litper.local.redis-port=" + FreePorts.next(),
                "--litper.local.service-port-base=" + base,
                // Routing only: no sandbox process needed.
                "--litper.local.sandbox=false",
                "--litper.local.trace-viewer=false",
                "--litper.local.external=api-service,agent-orchestrator,chat-service,tracking-service,analytics-service,worker-service");
        gatewayPort = ((WebServerApplicationContext) suite).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        backends.values().forEach(server -> server.stop(0));
    }

    /** A stand-in on the service's port that answers 299 with its name and what it received. */
    private static void startStandIn(SuiteService service) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", servicePortBase + service.index()), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().endsWith("/drop")) {
                // A service killed while answering: the connection closes without a byte.
                exchange.getRequestBody().readAllBytes();
                exchange.close();
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer = service.name() + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " id=" + exchange.getRequestHeaders().getFirst("X-Request-Id") + " body=" + body;
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/ready") ? 200 : 299, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        backends.put(service.name(), server);
    }

    private static int freeRange(int size) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 40000);
            boolean free = true;
            for (int i = 0; i < size && free; i++) {
                free = FreePorts.isFree(base + i);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("No " + size + " consecutive free ports");
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-Request-Id", "route-check")
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String answeredBy(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null);
        assertThat(response.statusCode()).as(path).isEqualTo(299);
        return response.body().split(" ")[0];
    }

    @Test
    void eachIngressPathReachesItsService() throws Exception {
        assertThat(answeredBy("/api/orders")).isEqualTo("api-service");
        assertThat(answeredBy("/api/orders/123?include=timeline")).isEqualTo("api-service");
        assertThat(answeredBy("/api/tracking/GUIA-1")).isEqualTo("tracking-service");
        assertThat(answeredBy("/webhooks/carriers/servientrega")).isEqualTo("tracking-service");
        assertThat(answeredBy("/api/chat/conversations")).isEqualTo("chat-service");
        assertThat(answeredBy("/webhooks/whatsapp")).isEqualTo("chat-service");
        assertThat(answeredBy("/api/analytics/kpis")).isEqualTo("analytics-service");
        assertThat(answeredBy("/agents/runs")).isEqualTo("agent-orchestrator");
    }

    @Test
    void requestsPassThroughWithMethodQueryHeadersAndBody() throws Exception {
        HttpResponse<String> response = send("POST", "/api/orders?dry=1", "{\"buyer\":\"Ana\"}");
        assertThat(response.body()).isEqualTo("api-service POST /api/orders?dry=1 id=route-check body={\"buyer\":\"Ana\"}");
    }

    @Test
    void pathsOutsideTheIngressAreNotRouted() throws Exception {
        assertThat(send("GET", "/internal/secrets", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/apiary", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aServiceThatIsNotUpYetAnswers503ProblemWithRetryAfterAndIsLoggedOncePerOutage(CapturedOutput output) throws Exception {
        SuiteService tracking = SuiteService.named("tracking-service").orElseThrow();
        backends.remove(tracking.name()).stop(0);
        try {
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> refused = send("POST", "/webhooks/carriers/servientrega", "{\"guia\":\"SV-1\"}");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
                JsonNode problem = JSON.readTree(refused.body());
                assertThat(problem.path("type").asString()).isEqualTo("about:blank");
                assertThat(problem.path("title").asString()).isEqualTo("Service Unavailable");
                assertThat(problem.path("status").asInt()).isEqualTo(503);
                assertThat(problem.path("detail").asString()).contains("tracking-service").contains("starting");
                assertThat(problem.path("instance").asString()).isEqualTo("/webhooks/carriers/servientrega");
            }
            // Other services are not affected.
            assertThat(answeredBy("/api/orders")).isEqualTo("api-service");
        } finally {
            startStandIn(tracking);
        }

        assertThat(answeredBy("/webhooks/carriers/servientrega")).isEqualTo("tracking-service");
        assertThat(answeredBy("/api/tracking/GUIA-1")).isEqualTo("tracking-service");

        String log = output.getOut() + output.getErr();
        assertThat(occurrences(log, "tracking-service does not answer on port")).isEqualTo(1);
        assertThat(occurrences(log, "tracking-service answers again on port")).isEqualTo(1);
        assertThat(log).contains("(5 requests got 503 meanwhile)");
        assertThat(log).doesNotContain("ConnectException").doesNotContain("\tat ");
    }

    @Test
    void aServiceThatDropsTheConnectionWhileAnsweringGives502ProblemAndOneLogLine(CapturedOutput output) throws Exception {
        HttpResponse<String> dropped = send("POST", "/api/orders/drop", "{}");

        assertThat(dropped.statusCode()).isEqualTo(502);
        assertThat(dropped.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(dropped.body());
        assertThat(problem.path("status").asInt()).isEqualTo(502);
        assertThat(problem.path("detail").asString()).contains("api-service").contains("Idempotency-Key");
        String log = output.getOut() + output.getErr();
        assertThat(occurrences(log, "api-service closed the connection before answering POST /api/orders/drop")).isEqualTo(1);
        assertThat(log).doesNotContain("\tat ");
        assertThat(answeredBy("/api/orders")).isEqualTo("api-service");
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theIndexShowsEveryServiceAndItsProbes() throws Exception {
        HttpResponse<String> index = send("GET", "/", null);
        assertThat(index.statusCode()).isEqualTo(200);
        for (SuiteService service : SuiteService.CATALOG) {
            assertThat(index.body()).contains("\"name\":\"" + service.name() + "\"");
        }
        HttpResponse<String> ready = send("GET", "/services/worker-service/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).startsWith("worker-service GET /ready");
        assertThat(send("GET", "/services/unknown/ready", null).statusCode()).isEqualTo(404);
    }
}
