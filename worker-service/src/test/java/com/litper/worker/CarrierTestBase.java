package com.litper.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.worker.carrier.CarrierClient;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One worker-service with every carrier pointed at a WireMock server and real Redis for the queue.
 * The service's own worker runs only NORMAL tasks (process_order, update_tracking); the HIGH and
 * CRITICAL tasks they enqueue (shipment_booked, notify_buyer, carrier_event, alert, order_failed)
 * are taken by a recording worker on the same named queues, so tests read exactly what was enqueued
 * and where.
 * Resilience settings are scaled down (1 s timeout and open-circuit wait, 100 ms first backoff). Besides
 * the five default carriers there is a sixth, {@code deprisa}, defined by these test properties only.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(properties = {
        "litper.queue.worker.priorities=NORMAL",
        "litper.queue.worker.initial-backoff=100ms",
        "litper.carrier-api.timeout=1s",
        "litper.carrier-api.circuit-breaker.wait-in-open=1s",
        "litper.carrier-api.retry.initial-backoff=100ms",
        "litper.carrier-api.retry.multiplier=2.0",
        "litper.carriers.envia.enabled=false",
        // A sixth carrier known only from configuration (SixthCarrierTest); its base URL and key are set below.
        "litper.carriers.deprisa.display-name=Deprisa",
        "litper.carrier-api.store-rules." + CarrierTestBase.STORE_WITH_RULE + "=tcc"})
public abstract class CarrierTestBase {

    public static final String STORE_WITH_RULE = "7d0a1c1e-0000-4000-8000-00000000a11e";
    public static final List<String> CARRIERS = List.of("servientrega", "coordinadora", "interrapidisimo", "envia", "tcc", "deprisa");

    protected static final WireMockServer carriers = new WireMockServer(wireMockConfig().dynamicPort());
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    protected static final String WORKER_QUEUE = "worker-" + SUFFIX;
    protected static final String TRACKING_QUEUE = "tracking-" + SUFFIX;
    protected static final String API_QUEUE = "api-" + SUFFIX;
    protected static final String CHAT_QUEUE = "chat-" + SUFFIX;

    @DynamicPropertySource
    static void carrierEndpoints(DynamicPropertyRegistry registry) {
        if (!carriers.isRunning()) {
            carriers.start();
        }
        registry.add("litper.queue.default-queue", () -> WORKER_QUEUE);
        // Every type this service consumes goes to this class's queue instead of its contract's "worker".
        for (String consumed : List.of("process_order", "update_tracking", "send_whatsapp", "alert")) {
            registry.add("litper.queue.routes." + consumed, () -> WORKER_QUEUE);
        }
        registry.add("litper.queue.routes.shipment_booked", () -> TRACKING_QUEUE);
        registry.add("litper.queue.routes.carrier_event", () -> TRACKING_QUEUE);
        registry.add("litper.queue.routes.order_failed", () -> API_QUEUE);
        registry.add("litper.queue.routes.notify_buyer", () -> CHAT_QUEUE);
        for (String carrier : CARRIERS) {
            registry.add("litper.carriers." + carrier + ".base-url", () -> carriers.baseUrl() + "/" + carrier);
            registry.add("litper.carriers." + carrier + ".api-key", () -> "key-of-" + carrier);
        }
    }

    @Autowired
    protected TaskQueue queue;

    @Autowired
    protected CarrierClient carrierClient;

    @Autowired
    protected JsonMapper json;

    /** Tasks the recording worker took, in the order it took them. */
    protected final ConcurrentLinkedQueue<Task> recorded = new ConcurrentLinkedQueue<>();

    private TaskWorker recorder;

    @BeforeEach
    void resetCarriersAndStartRecorder() {
        carriers.resetAll();
        // Every carrier books: the guide number is derived from the Idempotency-Key, as a real carrier
        // answers the same key with the same shipment.
        carriers.stubFor(post(urlPathMatching("/[a-z]+/v1/shipments")).atPriority(10).willReturn(aResponse()
                .withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"trackingNumber\":\"G-{{request.headers.Idempotency-Key}}\",\"carrier\":\"{{request.pathSegments.[0]}}\","
                        + "\"createdAt\":\"2026-11-25T15:04:05Z\"}")
                .withTransformers("response-template")));
        CARRIERS.forEach(carrier -> carrierClient.circuitBreaker(carrier).reset());
        List<TaskHandler> handlers = Stream.of("shipment_booked", "notify_buyer", "carrier_event", "alert", "order_failed")
                .map(type -> TaskHandler.of(type, recorded::add))
                .toList();
        recorder = new TaskWorker(queue, handlers, WorkerSettings.defaults()
                .withQueues(WORKER_QUEUE, TRACKING_QUEUE, API_QUEUE, CHAT_QUEUE)
                .withPriorities(Set.of(TaskPriority.CRITICAL, TaskPriority.HIGH))
                .withConcurrency(4), TaskListener.NONE);
        recorder.start();
    }

    @AfterEach
    void stopRecorder() {
        recorder.stop();
    }

    /** Recorded tasks of one type whose payload contains {@code text}. */
    protected List<Task> recorded(String type, String text) {
        return recorded.stream().filter(task -> task.type().equals(type) && task.payload().contains(text)).toList();
    }

    protected JsonNode payload(Task task) {
        return json.readTree(task.payload());
    }

    /** A process_order payload shaped as api-service enqueues it. */
    protected String orderPayload(UUID orderId, UUID storeId, String preferredCarrier) {
        return """
                {"orderId":"%s","storeId":"%s","storeName":"Tienda Demo",
                 "buyer":{"name":"Ana Gómez","phone":"+573001234567"},
                 "destination":{"address":"Calle 10 # 5-20","municipalityCode":"05001","city":"Medellín","departmentCode":"05","department":"Antioquia"},
                 "items":[{"sku":"SKU-1","name":"Camiseta","quantity":2,"unitPrice":45000}],
                 "declaredValue":90000,"cashOnDelivery":90000,"preferredCarrier":%s,"createdAt":"2026-11-25T15:00:00Z"}
                """.formatted(orderId, storeId, preferredCarrier == null ? "null" : "\"" + preferredCarrier + "\"");
    }
}
