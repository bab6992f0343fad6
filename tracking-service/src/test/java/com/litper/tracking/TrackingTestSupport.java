package com.litper.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of tracking-service's tests: the whole service (with its worker on the {@code tracking}
 * queue) on a random port against the embedded PostgreSQL and Redis, signed webhooks, and a test
 * worker on worker-service's {@code worker} queue, api-service's {@code api} queue, chat-service's
 * {@code chat} queue and analytics-service's {@code analytics} queue that collects what tracking-service sends there.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.carriers.coordinadora.webhook-secret=" + TrackingTestSupport.COORDINADORA_SECRET,
        "litper.carriers.servientrega.webhook-secret=" + TrackingTestSupport.SERVIENTREGA_SECRET,
        "litper.carriers.interrapidisimo.webhook-secret=" + TrackingTestSupport.INTERRAPIDISIMO_SECRET,
        // A sixth carrier known only from configuration (SixthCarrierTest): the registry's entry and its status codes.
        "litper.carriers.deprisa.display-name=Deprisa",
        "litper.carriers.deprisa.base-url=http://localhost:8099/carriers/deprisa",
        "litper.carriers.deprisa.webhook-secret=" + TrackingTestSupport.DEPRISA_SECRET,
        "litper.carriers.deprisa.polling=true",
        "litper.tracking.carriers.deprisa.statuses.ADMITIDO=CREATED",
        "litper.tracking.carriers.deprisa.statuses.EN_RUTA=IN_TRANSIT",
        "litper.tracking.carriers.deprisa.statuses.EN_DISTRIBUCION=OUT_FOR_DELIVERY",
        "litper.tracking.carriers.deprisa.statuses.ENTREGADO=DELIVERED",
        "litper.tracking.carriers.deprisa.statuses.NOVEDAD=EXCEPTION"})
public abstract class TrackingTestSupport {

    public static final String COORDINADORA_SECRET = "test-coordinadora-secret";
    public static final String SERVIENTREGA_SECRET = "test-servientrega-secret";
    public static final String INTERRAPIDISIMO_SECRET = "test-interrapidisimo-secret";
    public static final String DEPRISA_SECRET = "test-deprisa-secret";
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected TaskQueue queue;

    @Autowired
    protected StringRedisTemplate redis;

    /** Payloads of tasks that reached the {@code worker}, {@code api} and {@code chat} queues, by task type, then by shipment id. */
    protected final Map<String, Map<String, List<JsonNode>>> workerTasks = new ConcurrentHashMap<>();
    private TaskWorker collector;

    @BeforeEach
    void startCollector() {
        List<TaskHandler> handlers = List.of(collecting("notify_buyer"), collecting("update_tracking"), collecting("shipment_update"),
                collecting("shipment_changed"));
        collector = new TaskWorker(queue, handlers, WorkerSettings.defaults().withQueues("worker", "api", "chat", "analytics").withConcurrency(4),
                TaskListener.NONE);
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop();
    }

    private TaskHandler collecting(String type) {
        return TaskHandler.of(type, (Task task) -> {
            JsonNode payload = JSON.readTree(task.payload());
            assertThat(task.priority()).isEqualTo(switch (type) {
                case "update_tracking" -> TaskPriority.NORMAL;
                case "shipment_changed" -> TaskPriority.LOW;
                default -> TaskPriority.HIGH;
            });
            workerTasks.computeIfAbsent(type, t -> new ConcurrentHashMap<>())
                    .computeIfAbsent(payload.path("shipmentId").asString(), id -> new CopyOnWriteArrayList<>())
                    .add(payload);
        });
    }

    /** What chat-service was asked to tell the buyer so far ({@code notify_buyer}) about a shipment. */
    protected List<JsonNode> notifications(UUID shipmentId) {
        return workerTasks.getOrDefault("notify_buyer", Map.of()).getOrDefault(shipmentId.toString(), List.of());
    }

    /** shipment_changed tasks (for analytics-service) received so far for a shipment, in the order they were taken. */
    protected List<JsonNode> shipmentChanges(UUID shipmentId) {
        return workerTasks.getOrDefault("shipment_changed", Map.of()).getOrDefault(shipmentId.toString(), List.of());
    }

    /** shipment_update tasks received so far for a shipment, in the order they were taken. */
    protected List<JsonNode> shipmentUpdates(UUID shipmentId) {
        return workerTasks.getOrDefault("shipment_update", Map.of()).getOrDefault(shipmentId.toString(), List.of());
    }

    protected Http http() {
        return Http.localhost(port);
    }

    protected static String newTrackingNumber(String prefix) {
        return prefix + Math.abs(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    /** Enqueues {@code shipment_booked} as worker-service does, and waits for the shipment. */
    protected UUID book(String carrier, String trackingNumber) {
        UUID orderId = UUID.randomUUID();
        queue.enqueue("shipment_booked", bookedPayload(orderId, carrier, trackingNumber), TaskPriority.NORMAL);
        return awaitShipment(carrier, trackingNumber);
    }

    protected static String bookedPayload(UUID orderId, String carrier, String trackingNumber) {
        return """
                {"orderId": "%s", "storeId": "%s", "carrier": "%s", "trackingNumber": "%s", "buyerName": "Ana Gómez",
                 "buyerPhone": "+573001234567", "bookedAt": "2026-11-25T08:00:00-05:00"}"""
                .formatted(orderId, UUID.randomUUID(), carrier, trackingNumber);
    }

    protected UUID awaitShipment(String carrier, String trackingNumber) {
        await().atMost(Duration.ofSeconds(20)).until(() -> shipmentId(carrier, trackingNumber) != null);
        return shipmentId(carrier, trackingNumber);
    }

    protected UUID shipmentId(String carrier, String trackingNumber) {
        return jdbc.sql("SELECT id FROM tracking.shipment WHERE carrier = :c AND tracking_number = :t")
                .param("c", carrier).param("t", trackingNumber).query(UUID.class).optional().orElse(null);
    }

    protected String status(UUID shipmentId) {
        return jdbc.sql("SELECT status FROM tracking.shipment WHERE id = :id").param("id", shipmentId).query(String.class).single();
    }

    protected long events(UUID shipmentId, String carrierEventId) {
        return jdbc.sql("SELECT count(*) FROM tracking.tracking_event WHERE shipment_id = :id AND carrier_event_id = :e")
                .param("id", shipmentId).param("e", carrierEventId).query(Long.class).single();
    }

    protected long eventsWithId(String carrierEventId) {
        return jdbc.sql("SELECT count(*) FROM tracking.tracking_event WHERE carrier_event_id = :e")
                .param("e", carrierEventId).query(Long.class).single();
    }

    /** How many times the webhook accepted that event: its carrier_event tasks written to tracking's outbox. */
    protected long acceptedCarrierEvents(String eventId) {
        return jdbc.sql("SELECT count(*) FROM tracking.outbox WHERE task_type = 'carrier_event' AND payload->'event'->>'eventId' = :e")
                .param("e", eventId).query(Long.class).single();
    }

    /** Carrier events kept for a guide no shipment has yet. */
    protected long keptEvents(String carrier, String trackingNumber) {
        return jdbc.sql("SELECT count(*) FROM tracking.pending_carrier_event WHERE carrier = :c AND tracking_number = :t")
                .param("c", carrier).param("t", trackingNumber).query(Long.class).single();
    }

    /** A carrier event body in the webhook wire format. */
    protected static String event(String eventId, String trackingNumber, String status, String occurredAt) {
        return event(eventId, trackingNumber, status, occurredAt, null);
    }

    protected static String event(String eventId, String trackingNumber, String status, String occurredAt, String reason) {
        return """
                {"eventId": "%s", "trackingNumber": "%s", "status": "%s", "occurredAt": "%s", "description": "Evento %s"%s}"""
                .formatted(eventId, trackingNumber, status, occurredAt, status, reason == null ? "" : ", \"reason\": \"" + reason + "\"");
    }

    protected static String secretOf(String carrier) {
        return switch (carrier) {
            case "coordinadora" -> COORDINADORA_SECRET;
            case "servientrega" -> SERVIENTREGA_SECRET;
            case "interrapidisimo" -> INTERRAPIDISIMO_SECRET;
            case "deprisa" -> DEPRISA_SECRET;
            default -> "no-secret";
        };
    }

    /** POSTs a webhook signed now with the carrier's test secret. */
    protected Http.Response webhook(String carrier, String body) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return webhook(carrier, body, Map.of("X-Litper-Timestamp", timestamp,
                "X-Litper-Signature", "sha256=" + hmac(secretOf(carrier), timestamp + "." + body)));
    }

    protected Http.Response webhook(String carrier, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return http().send(HttpRequest.newBuilder(http().uri("/webhooks/carriers/" + carrier))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), all);
    }

    protected static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public lookup, from a client address of its own so tests never share a rate-limit counter. */
    protected Http.Response lookup(String trackingNumber) {
        return lookup(trackingNumber, randomIp());
    }

    protected Http.Response lookup(String trackingNumber, String clientIp) {
        return http().get("/api/tracking/" + trackingNumber, Map.of("X-Forwarded-For", clientIp));
    }

    protected static String randomIp() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    protected static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.json().path("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
