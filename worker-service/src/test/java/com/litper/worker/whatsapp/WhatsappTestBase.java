package com.litper.worker.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.RetryPolicy;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.task.ContractTaskHandler;
import com.litper.common.task.Tasks;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.worker.config.WhatsappProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * worker-service with the WhatsApp Cloud API played by WireMock and real Redis. The service's own
 * worker is off: each test runs its own {@link TaskWorker}s on a named queue of this class, so it can
 * run two "replicas" side by side. Limits are scaled down: 20 messages per 2 s window (300 ms guard),
 * 1 s between two messages to one buyer, 200 ms throttle backoff, 2 s send timeout.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(properties = {
        "litper.queue.worker.enabled=false",
        "litper.whatsapp.enabled=true",
        "litper.whatsapp.api-version=v21.0",
        "litper.whatsapp.phone-number-id=" + WhatsappTestBase.PHONE_NUMBER_ID,
        "litper.whatsapp.access-token=test-token",
        "litper.whatsapp.timeout=2s",
        "litper.whatsapp.rate-limit.messages=" + WhatsappTestBase.LIMIT,
        "litper.whatsapp.rate-limit.window=2s",
        "litper.whatsapp.rate-limit.guard=300ms",
        "litper.whatsapp.per-recipient-interval=1s",
        "litper.whatsapp.throttle-backoff=200ms"})
abstract class WhatsappTestBase {

    static final String PHONE_NUMBER_ID = "106540352242922";
    static final int LIMIT = 20;
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final String MESSAGES_PATH = "/v21.0/" + PHONE_NUMBER_ID + "/messages";

    static final WireMockServer whatsapp = new WireMockServer(wireMockConfig().dynamicPort());
    static final String QUEUE = "whatsapp-" + UUID.randomUUID().toString().substring(0, 8);
    /** Where this class's order_message tasks go, instead of api-service's queue. */
    static final String API_QUEUE = "api-" + QUEUE;
    /** Where this class's whatsapp_sent and whatsapp_failed tasks go, instead of chat-service's queue. */
    static final String CHAT_QUEUE = "chat-" + QUEUE;

    @DynamicPropertySource
    static void endpoints(DynamicPropertyRegistry registry) {
        if (!whatsapp.isRunning()) {
            whatsapp.start();
        }
        registry.add("litper.whatsapp.base-url", whatsapp::baseUrl);
        registry.add("litper.queue.default-queue", () -> QUEUE);
        registry.add("litper.queue.routes.send_whatsapp", () -> QUEUE);
        registry.add("litper.queue.routes.order_message", () -> API_QUEUE);
        registry.add("litper.queue.routes.whatsapp_sent", () -> CHAT_QUEUE);
        registry.add("litper.queue.routes.whatsapp_failed", () -> CHAT_QUEUE);
    }

    @Autowired
    TaskQueue queue;

    @Autowired
    SendWhatsappHandler sendWhatsapp;

    @Autowired
    Tasks tasks;

    /** The bean as the queue runs it: payloads read and validated against the contract first. */
    TaskHandler handler;

    @Autowired
    WhatsappProperties properties;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    Clock clock;

    private final List<TaskWorker> workers = new ArrayList<>();

    @BeforeEach
    void resetWhatsappAndRateLimit() {
        handler = new ContractTaskHandler<>(sendWhatsapp, tasks.contracts(), tasks.codec());
        whatsapp.resetAll();
        whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(10).willReturn(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],"
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=16 type='ALPHANUMERIC'}}\"}]}")
                .withTransformers("response-template")));
        // Each test starts with an empty window, whatever the previous one sent.
        redis.delete(WhatsappKeys.slots(PHONE_NUMBER_ID));
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(TaskWorker::stop);
        workers.clear();
    }

    /** A worker of this class's queue running {@code handler}, as one replica of worker-service. */
    TaskWorker startWorker(TaskHandler handler, int concurrency) {
        TaskWorker worker = new TaskWorker(queue, List.of(handler), WorkerSettings.defaults()
                .withQueues(QUEUE)
                .withPriorities(Set.of(TaskPriority.HIGH))
                .withConcurrency(concurrency)
                .withRetryPolicy(new RetryPolicy(3, Duration.ofMillis(100), 2.0)), TaskListener.NONE);
        worker.start();
        workers.add(worker);
        return worker;
    }

    /** Another replica's handler: its own client, limiter and turns, sharing only Redis with the bean. */
    TaskHandler anotherReplica(WhatsappProperties settings) {
        return new ContractTaskHandler<>(new SendWhatsappHandler(new CloudApiClient(json, settings), new SendRateLimiter(redis, settings, clock),
                new BuyerTurns(redis, settings, clock), settings, tasks, new SentMessages(redis), clock,
                new WhatsappMetrics(new SimpleMeterRegistry(), settings)), tasks.contracts(), tasks.codec());
    }

    static String randomBuyer() {
        return "+57300" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    static String payload(String to, String name, boolean sessionOpen) {
        return """
                {"to":"%s","template":"order_shipped","language":"es","parameters":["%s","Servientrega","G-1"],
                 "text":"Hola %s, tu pedido fue enviado con Servientrega. Guía: G-1.","orderId":"%s","sessionOpen":%s}
                """.formatted(to, name, name, UUID.randomUUID(), sessionOpen);
    }

    static List<LoggedRequest> sends() {
        return whatsapp.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))).stream()
                .sorted((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()))
                .toList();
    }

    static List<LoggedRequest> sendsTo(String to) {
        return sends().stream().filter(request -> request.getBodyAsString().contains("\"" + to.substring(1) + "\"")).toList();
    }

    boolean queueIsEmpty() {
        return queue.depth(QUEUE, TaskPriority.HIGH) == 0 && queue.delayedCount(QUEUE) == 0 && queue.leasedCount(QUEUE) == 0;
    }

    DeadLetter deadLetter(String taskId) {
        return queue.deadLetters(QUEUE, 0, 100).stream().filter(letter -> letter.task().id().equals(taskId)).findFirst().orElse(null);
    }

    /** The same settings with another throttle backoff. */
    static WhatsappProperties withThrottleBackoff(WhatsappProperties p, Duration backoff) {
        return new WhatsappProperties(p.enabled(), p.baseUrl(), p.apiVersion(), p.phoneNumberId(), p.accessToken(), p.timeout(),
                p.rateLimit(), p.perRecipientInterval(), p.orderGrace(), backoff);
    }
}
