package com.litper.agents.run;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.litper.agents.config.AgentProperties;
import com.litper.common.contracts.AgentHandover;
import com.litper.common.contracts.AgentReply;
import com.litper.common.contracts.InboundMessage;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.ContractTaskHandler;
import com.litper.common.task.TaskPayload;
import com.litper.common.task.Tasks;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import com.litper.agents.action.ButtonPresses;
import com.litper.agents.settings.StoreSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The cluster's cap as the specification words it: 60 conversations arriving at once on two
 * agent-orchestrator instances never put more than 20 runs in flight, counted at the model endpoint
 * (WireMock, {@link FakeClaude}'s high-water mark), and all 60 are answered. The two instances are this
 * context's handler and worker, and a second handler with its own Redis-backed parts (pending messages,
 * conversation locks, run slots) on a worker of its own, sharing Redis and PostgreSQL as two pods do.
 * Each worker alone could run more than the cap (25 threads each), so only the cap holds them back.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(properties = {
        "litper.agents.run-deadline=20s",
        "litper.agents.max-concurrent-runs=" + RunCapTest.CAP,
        "litper.agents.gather-window=100ms",
        "litper.agents.busy-retry=100ms",
        "litper.agents.slot-lease=" + RunCapTest.LEASE_MS + "ms",
        "litper.anthropic.api-key=test-key",
        "litper.anthropic.model=claude-test",
        "litper.queue.worker.concurrency=25"})
// Its context runs a worker on the agents queue: closed after the class, so it takes no other class's tasks.
@DirtiesContext
class RunCapTest {

    static final int CAP = 20;
    static final int LEASE_MS = 2000;
    private static final FakeClaude CLAUDE = new FakeClaude();
    private static final Map<UUID, List<AgentReply>> REPLIES = new ConcurrentHashMap<>();
    private static final Map<UUID, List<AgentHandover>> HANDOVERS = new ConcurrentHashMap<>();
    private static WireMockServer wiremock;
    private static TaskWorker chat;

    @Autowired
    Tasks tasks;

    @Autowired
    TaskQueue queue;

    @Autowired
    RunSlots slots;

    @Autowired
    SupportAgent agent;

    @Autowired
    RunRecorder recorder;

    @Autowired
    RunMetrics metrics;

    @Autowired
    ButtonPresses presses;

    @Autowired
    StoreSettings settings;

    @Autowired
    SettingsGate gate;

    @Autowired
    FinishedRuns finished;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    AgentProperties properties;

    @Autowired
    Clock clock;

    @BeforeAll
    static void startClaude() {
        wiremock = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(80).extensions(CLAUDE));
        wiremock.start();
        wiremock.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withTransformers(FakeClaude.NAME)));
    }

    @AfterAll
    static void stop() {
        if (chat != null) {
            chat.stop();
        }
        wiremock.stop();
    }

    @DynamicPropertySource
    static void claude(DynamicPropertyRegistry registry) {
        registry.add("litper.anthropic.base-url", () -> wiremock.baseUrl());
    }

    @BeforeEach
    void setUp() {
        CLAUDE.reset();
        redis.delete(java.util.stream.Stream.concat(ModelRateLimits.LIMITS.stream(), java.util.stream.Stream.of("probe"))
                .map(AgentKeys::rateLimit).toList());
        if (chat == null) {
            chat = new TaskWorker(queue, List.of(
                    new ContractTaskHandler<>(new Collect<>(AgentReply.class, r -> REPLIES.computeIfAbsent(r.conversationId(),
                            k -> new CopyOnWriteArrayList<>()).add(r)), tasks.contracts(), tasks.codec()),
                    new ContractTaskHandler<>(new Collect<>(AgentHandover.class, h -> HANDOVERS.computeIfAbsent(h.conversationId(),
                            k -> new CopyOnWriteArrayList<>()).add(h)), tasks.contracts(), tasks.codec())),
                    WorkerSettings.defaults().withQueues("chat").withConcurrency(4), TaskListener.NONE);
            chat.start();
        }
    }

    @Test
    void sixtyConversationsAtOnceOnTwoInstancesNeverPutMoreThanTwentyRunsInFlightAndAreAllAnswered() {
        CLAUDE.latency(300);
        InboundMessageHandler otherPod = new InboundMessageHandler(new PendingMessages(redis, json), new ConversationLocks(redis, properties),
                new RunSlots(redis, properties), agent, recorder, metrics, tasks, properties, clock, presses, settings, gate, finished);
        TaskWorker second = new TaskWorker(queue, List.of(new ContractTaskHandler<>(otherPod, tasks.contracts(), tasks.codec())),
                WorkerSettings.defaults().withQueues("agents").withConcurrency(25).withTimeout(TaskPriority.HIGH, Duration.ofSeconds(150)),
                TaskListener.NONE);
        second.start();
        try {
            List<UUID> conversations = new ArrayList<>();
            List<InboundMessage> burst = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                UUID conversation = UUID.randomUUID();
                conversations.add(conversation);
                burst.add(new InboundMessage(conversation, UUID.randomUUID(), "+5730055" + (10000 + i), "Ana", "¿dónde está mi pedido?", "text",
                        "wamid." + UUID.randomUUID(), Instant.now(), List.of(new InboundMessage.Order(UUID.randomUUID(), "SHIPPED", null,
                        "CAP" + i + "X", "Servientrega", Instant.now().minusSeconds(3600)))));
            }
            tasks.sendAll(burst);
            await().atMost(Duration.ofSeconds(120)).until(() -> conversations.stream().allMatch(REPLIES::containsKey));

            assertThat(CLAUDE.highWater()).as("most model calls at once").isLessThanOrEqualTo(CAP).isGreaterThan(CAP / 2);
            for (int i = 0; i < 60; i++) {
                assertThat(REPLIES.get(conversations.get(i))).as("one reply each").hasSize(1);
                assertThat(REPLIES.get(conversations.get(i)).get(0).text()).contains("CAP" + i + "X");
                assertThat(HANDOVERS.get(conversations.get(i))).isNull();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> slots.held() == 0);
        } finally {
            second.stop();
            otherPod.destroy();
        }
    }

    @Test
    void aSlotOfACrashedRunComesBackAfterItsLeaseAndAWaitingRunStarts() {
        // A pod took every slot and died: never renewed, never released.
        for (int i = 0; i < CAP; i++) {
            assertThat(slots.tryAcquire("crashed-pod:" + i)).isTrue();
        }
        assertThat(slots.held()).isEqualTo(CAP);
        UUID conversation = UUID.randomUUID();
        String marker = "marca-" + UUID.randomUUID();
        tasks.send(new InboundMessage(conversation, UUID.randomUUID(), "+573005599999", "Ana", "hola " + marker, "text",
                "wamid." + UUID.randomUUID(), Instant.now(), List.of()));

        // When the crashed pod's leases end (Redis's clock, which this machine shares with the stub's).
        double expiry = redis.opsForZSet().rangeWithScores(AgentKeys.slots(), 0, 0).iterator().next().getScore();

        // The leases expire by themselves, and the waiting run starts and answers: one model call for the
        // message, made only after the leases ended (while they held, the message waited in the queue).
        await().atMost(Duration.ofSeconds(30)).until(() -> REPLIES.containsKey(conversation));
        assertThat(CLAUDE.bodies().stream().filter(b -> b.contains(marker))).hasSize(1);
        long called = wiremock.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString().contains(marker))
                .mapToLong(e -> e.getRequest().getLoggedDate().getTime()).min().orElseThrow();
        assertThat(called).as("the model was called only once the crashed run's leases had ended").isGreaterThanOrEqualTo((long) expiry);
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.held() == 0);
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
