package com.litper.tracking.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.TaskPriority;
import com.litper.common.testing.fuzz.FuzzRun;
import com.litper.common.testing.fuzz.HostileInput;
import com.litper.common.testing.fuzz.HostileRequest;
import com.litper.common.testing.fuzz.OpenApiOperations;
import com.litper.common.testing.fuzz.OperationFuzzer;
import com.litper.common.testing.fuzz.RawHttp;
import com.litper.tracking.TrackingTestSupport;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Hostile requests to tracking-service's public endpoints (docs/reliability.md): carrier webhooks,
 * unsigned garbage and validly signed hostile bodies, and the public tracking lookup. Never a 5xx,
 * every refusal a problem+json, a refused webhook stores nothing; an accepted event is applied by
 * the worker without failing (no retry, no dead letter). The service's worker has a queue of its
 * own here, so what it applies is exactly what this test sent.
 */
@TestPropertySource(properties = {
        "litper.queue.routes.carrier_event=" + TrackingFuzzTest.QUEUE,
        "litper.queue.routes.shipment_booked=" + TrackingFuzzTest.QUEUE,
        "litper.queue.worker.queues=" + TrackingFuzzTest.QUEUE})
class TrackingFuzzTest extends TrackingTestSupport {

    static final String QUEUE = "tracking-fuzz";
    private static final List<String> TABLES = List.of("shipment", "tracking_event", "outbox", "pending_carrier_event");
    private static final String WEBHOOK = "/webhooks/carriers/";

    private long queued() {
        return Arrays.stream(TaskPriority.values()).mapToLong(p -> queue.depth(QUEUE, p)).sum() + queue.leasedCount(QUEUE);
    }

    /** Row counts, once the outbox relay and the worker have dealt with what earlier accepted requests wrote. */
    private Map<String, Long> stored() {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10)).until(() ->
                jdbc.sql("SELECT count(*) FROM tracking.outbox WHERE sent_at IS NULL").query(Long.class).single() == 0 && queued() == 0);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, jdbc.sql("SELECT count(*) FROM tracking." + table).query(Long.class).single());
        }
        counts.put("queue " + QUEUE, queued());
        return counts;
    }

    @Test
    void hostileRequestsAreRefusedWithAProblemAndStoreNothing() {
        String trackingNumber = newTrackingNumber("CO");
        book("coordinadora", trackingNumber);
        String validEvent = event("evt-fuzz-1", trackingNumber, "en-reparto", "2026-11-25T09:30:00-05:00");
        OpenApiOperations.Operation webhook = new OpenApiOperations.Operation("POST", WEBHOOK + "{carrier}", "carrierWebhook",
                List.of(new OpenApiOperations.Parameter("path", "carrier", "coordinadora")), "application/json", validEvent, true);
        OpenApiOperations.Operation lookup = new OpenApiOperations.Operation("GET", "/api/tracking/{trackingNumber}", "lookup",
                List.of(new OpenApiOperations.Parameter("path", "trackingNumber", trackingNumber),
                        new OpenApiOperations.Parameter("query", "carrier", "coordinadora")), null, null, true);

        FuzzRun run = FuzzRun.start("tracking-service", RawHttp.localhost(port), this::stored);
        HostileInput input = run.input();
        OperationFuzzer fuzzer = new OperationFuzzer(input, operation -> null);
        while (run.goOn()) {
            boolean toWebhook = input.chance(0.8);
            HostileRequest request = fuzzer.next(toWebhook ? webhook : lookup);
            if (toWebhook && input.chance(0.6)) {
                request = signed(request, input);
            } else if (!toWebhook) {
                // Each lookup from an address of its own, so the per-IP limit does not answer them all.
                request = request.with("X-Forwarded-For", randomIp());
            }
            RawHttp.Response response = run.send(request);
            if (response != null && response.status() == 202) {
                String eventId = JSON.readTree(response.body()).path("eventId").asString();
                if (acceptedCarrierEvents(eventId) == 0) {
                    run.fail(request, response, "answered 202 but no carrier_event was written for " + eventId);
                }
            }
        }
        run.assertNoFailures();
        // Every accepted event was applied or kept, none failed: nothing waits for a retry or lies dead.
        await().atMost(Duration.ofSeconds(10)).until(() -> queued() == 0);
        assertThat(queue.delayedCount(QUEUE)).as("events retried after failing; seed " + run.seed()).isZero();
        assertThat(queue.deadLetters(QUEUE, 0, 10)).as("dead letters; seed " + run.seed()).isEmpty();
    }

    /** Signs the request as the carrier in its path would, with a fresh timestamp or, sometimes, a hostile one. */
    private static HostileRequest signed(HostileRequest request, HostileInput input) {
        String path = request.target().startsWith(WEBHOOK) ? request.target().substring(WEBHOOK.length()) : "";
        String carrier = path.split("[/?;#%]", 2)[0];
        long now = Instant.now().getEpochSecond();
        String timestamp = input.chance(0.9) ? Long.toString(now)
                : input.pick(Long.toString(now + Long.MIN_VALUE), Long.toString(Long.MAX_VALUE), "-0", " " + now + " ", "1e10",
                        Long.toString(now - 3600), "99999999999999999999");
        String signature = "sha256=" + hmac(secretOf(carrier), timestamp, request.body());
        return request.with("X-Litper-Timestamp", timestamp).with("X-Litper-Signature", signature).labelled("signed by " + carrier
                + " at " + timestamp);
    }

    private static String hmac(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
