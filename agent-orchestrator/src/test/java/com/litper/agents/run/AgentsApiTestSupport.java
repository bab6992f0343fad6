package com.litper.agents.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.litper.common.contracts.AgentHandover;
import com.litper.common.contracts.AgentReply;
import com.litper.common.contracts.InboundMessage;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.security.Role;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.ContractTaskHandler;
import com.litper.common.task.TaskPayload;
import com.litper.common.task.Tasks;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the {@code /agents/*} tests share: agent-orchestrator whole on a random port against the
 * embedded PostgreSQL and Redis, WireMock playing Claude ({@link FakeClaude}, one server for every
 * class so they share one application context), tokens of each role, and a worker of the test's own on
 * the {@code chat} queue keeping every {@code agent_reply} and {@code agent_handover} the agent sent.
 */
// Each class ends its context (and its worker on the agents queue), so no class takes another's tasks.
@DirtiesContext
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.agents.run-deadline=6s",
        "litper.agents.max-concurrent-runs=4",
        "litper.agents.gather-window=200ms",
        "litper.agents.busy-retry=200ms",
        "litper.agents.slot-lease=5s",
        "litper.agents.outcomes.close-every=1h",
        "litper.anthropic.api-key=test-key",
        "litper.anthropic.model=claude-test",
        "litper.agents.prices.claude-test.input=3",
        "litper.agents.prices.claude-test.output=15",
        "litper.agents.prices.claude-test.cache-write=3.75",
        "litper.agents.prices.claude-test.cache-read=0.3",
        "litper.queue.worker.concurrency=6"})
abstract class AgentsApiTestSupport {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final FakeClaude CLAUDE = new FakeClaude();
    private static final WireMockServer WIREMOCK = startClaude();

    /** What the agents told chat-service, by conversation. */
    static final Map<UUID, List<AgentReply>> REPLIES = new ConcurrentHashMap<>();
    static final Map<UUID, List<AgentHandover>> HANDOVERS = new ConcurrentHashMap<>();
    private static TaskWorker chat;

    @LocalServerPort
    int port;

    @Autowired
    Tasks tasks;

    @Autowired
    TaskQueue queue;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CircuitBreaker breaker;

    private static WireMockServer startClaude() {
        WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().extensions(CLAUDE));
        server.start();
        server.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withTransformers(FakeClaude.NAME)));
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    @DynamicPropertySource
    static void claude(DynamicPropertyRegistry registry) {
        registry.add("litper.anthropic.base-url", WIREMOCK::baseUrl);
    }

    @AfterAll
    static void stopChat() {
        synchronized (AgentsApiTestSupport.class) {
            if (chat != null) {
                chat.stop();
                chat = null;
            }
        }
    }

    @BeforeEach
    void startChat() {
        CLAUDE.reset();
        breaker.reset();
        synchronized (AgentsApiTestSupport.class) {
            if (chat == null) {
                chat = new TaskWorker(queue, List.of(
                        new ContractTaskHandler<>(new Collect<>(AgentReply.class, r -> REPLIES.computeIfAbsent(r.conversationId(),
                                k -> new CopyOnWriteArrayList<>()).add(r)), tasks.contracts(), tasks.codec()),
                        new ContractTaskHandler<>(new Collect<>(AgentHandover.class, h -> HANDOVERS.computeIfAbsent(h.conversationId(),
                                k -> new CopyOnWriteArrayList<>()).add(h)), tasks.contracts(), tasks.codec())),
                        WorkerSettings.defaults().withQueues("chat").withConcurrency(2), com.litper.common.queue.TaskListener.NONE);
                chat.start();
            }
        }
    }

    // ---- tokens and calls ----

    static String token(UUID store, Role role) {
        return TestTokens.store(store, role);
    }

    Http http() {
        return Http.localhost(port);
    }

    Http.Response get(String path, String token) {
        return http().get(path, TestTokens.bearer(token));
    }

    Http.Response send(String method, String path, String token, String json) {
        Map<String, String> headers = new HashMap<>(TestTokens.bearer(token));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (json != null) {
            headers.put("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8);
        }
        return http().send(HttpRequest.newBuilder(http().uri(path)).method(method, body), headers);
    }

    static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).isNotBlank();
    }

    Http.Response putSettings(UUID store, String json) {
        Http.Response response = send("PUT", "/agents/settings", token(store, Role.OWNER), json);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response;
    }

    // ---- buyers' messages ----

    static InboundMessage message(UUID conversation, UUID store, String text, Instant at, InboundMessage.Order... orders) {
        return new InboundMessage(conversation, store, "+573001112233", "Ana Gómez", text, "text", "wamid." + UUID.randomUUID(), at,
                List.of(orders));
    }

    static InboundMessage.Order order(String guide, String carrier, String event) {
        return new InboundMessage.Order(UUID.randomUUID(), event, null, guide, carrier, Instant.now().minusSeconds(3600));
    }

    static AgentReply awaitReply(UUID conversation) {
        await().atMost(WAIT).until(() -> REPLIES.containsKey(conversation));
        return REPLIES.get(conversation).get(0);
    }

    static AgentHandover awaitHandover(UUID conversation) {
        await().atMost(WAIT).until(() -> HANDOVERS.containsKey(conversation));
        return HANDOVERS.get(conversation).get(0);
    }

    /** The run of {@code conversation} whose status is final, once there is one. */
    Map<String, Object> awaitRun(UUID conversation) {
        await().atMost(WAIT).until(() -> jdbc.sql("SELECT count(*) FROM agents.agent_run WHERE conversation_id = :c AND status <> 'RUNNING'")
                .param("c", conversation).query(Long.class).single() > 0);
        return jdbc.sql("SELECT * FROM agents.agent_run WHERE conversation_id = :c AND status <> 'RUNNING' ORDER BY started_at DESC LIMIT 1")
                .param("c", conversation).query().singleRow();
    }

    /** A handler of the test's chat worker that keeps what it received. */
    private record Collect<T extends TaskPayload>(Class<T> type, Consumer<T> sink) implements ContractHandler<T> {

        @Override
        public Class<T> contract() {
            return type;
        }

        @Override
        public void handle(T payload, Task task) {
            sink.accept(payload);
        }
    }
}
