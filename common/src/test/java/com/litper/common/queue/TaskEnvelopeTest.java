package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** What a handler receives, the encoded form in Redis, routing, and the keys' hash tag (behaviour 10, cluster half). */
class TaskEnvelopeTest extends QueueTestSupport {

    record Seen(Task task, String mdcRequestId, String mdcTaskId) {
    }

    @Test
    void aHandlerReceivesTheEnvelopeAndRunsWithTheEnqueuersRequestIdInTheMdc() {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        startWorker(fastSettings(), TaskHandler.of("send_whatsapp",
                task -> seen.add(new Seen(task, MDC.get("requestId"), MDC.get("taskId")))));

        Instant before = clock.instant();
        MDC.put("requestId", "req-42");
        String id;
        try {
            id = queue.enqueue("send_whatsapp", "{\"to\":\"+57300\",\"text\":\"Tu pedido | llegó\"}", TaskPriority.HIGH);
        } finally {
            MDC.remove("requestId");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        Task task = seen.get(0).task();
        assertThat(task.id()).isEqualTo(id).hasSize(16);
        assertThat(task.type()).isEqualTo("send_whatsapp");
        assertThat(task.priority()).isEqualTo(TaskPriority.HIGH);
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.enqueuedAt()).isBetween(before.minusMillis(1), clock.instant());
        assertThat(task.requestId()).isEqualTo("req-42");
        assertThat(task.payload()).isEqualTo("{\"to\":\"+57300\",\"text\":\"Tu pedido | llegó\"}");
        assertThat(seen.get(0).mdcRequestId()).isEqualTo("req-42");
        assertThat(seen.get(0).mdcTaskId()).isEqualTo(id);
    }

    @Test
    void theEncodedFormRoundTripsAndRejectsBadRequestIds() {
        Task task = new Task("abc", "alert", TaskPriority.CRITICAL, 2, Instant.ofEpochMilli(1_700_000_000_123L), "r-1", "{\"a\":\"x|y\"}");
        assertThat(TaskCodec.decode(TaskCodec.encode(task))).isEqualTo(task);
        assertThat(TaskCodec.encode(task)).isEqualTo("abc|alert|0|2|1700000000123|r-1|{\"a\":\"x|y\"}");
        assertThat(TaskCodec.safeRequestId("a|b")).isEmpty();
        assertThat(TaskCodec.safeRequestId(null)).isEmpty();
        assertThatThrownBy(() -> TaskRequest.of("bad type", "{}", TaskPriority.LOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTraceContextRidesInTheRequestIdFieldReadableByBothReleases() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Task traced = new Task("abc", "alert", TaskPriority.CRITICAL, 1, Instant.ofEpochMilli(1_700_000_000_123L), "r-1", "{\"a\":\"x|y\"}",
                traceparent);
        String encoded = TaskCodec.encode(traced);
        assertThat(encoded).isEqualTo("abc|alert|0|1|1700000000123|r-1:" + traceparent + "|{\"a\":\"x|y\"}");
        assertThat(TaskCodec.decode(encoded)).isEqualTo(traced);

        // The previous release reads six bars and takes the sixth field whole as the request id: the
        // payload is intact, and the field is a request id it accepts and passes on.
        String[] previousReleaseHeader = encoded.split("\\|", 7);
        assertThat(previousReleaseHeader[6]).isEqualTo(traced.payload());
        assertThat(TaskCodec.safeRequestId(previousReleaseHeader[5])).isEqualTo("r-1:" + traceparent);

        // A task the previous release wrote has no trace context: it runs as a new trace.
        Task old = TaskCodec.decode("abc|alert|0|2|1700000000123|r-1|{}");
        assertThat(old.requestId()).isEqualTo("r-1");
        assertThat(old.traceparent()).isEmpty();
        // Neither has one whose request id merely ends oddly, nor one without a request id but with a trace.
        assertThat(TaskCodec.decode("abc|alert|0|2|1700000000123|a:00-zz|{}").requestId()).isEqualTo("a:00-zz");
        Task noRequest = TaskCodec.decode("abc|alert|0|1|1700000000123|:" + traceparent + "|{}");
        assertThat(noRequest.requestId()).isEmpty();
        assertThat(noRequest.traceparent()).isEqualTo(traceparent);
        assertThat(TaskCodec.requestField("r-1", "not-a-traceparent")).isEqualTo("r-1");
    }

    @Test
    void priorityCodesAreFixedBecauseTasksInRedisCarryThem() {
        assertThat(TaskPriority.CRITICAL.code()).isZero();
        assertThat(TaskPriority.HIGH.code()).isEqualTo(1);
        assertThat(TaskPriority.NORMAL.code()).isEqualTo(2);
        assertThat(TaskPriority.LOW.code()).isEqualTo(3);
        for (TaskPriority priority : TaskPriority.values()) {
            assertThat(TaskPriority.ofCode(priority.code())).isSameAs(priority);
        }
        assertThatThrownBy(() -> TaskPriority.ofCode(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TaskCodec.decode("abc|alert|7|1|1700000000123||{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyKeyOfANamedQueueHashesToOneSlot() {
        QueueKeys keys = new QueueKeys("worker");
        int slot = SlotHash.getSlot(keys.leases());
        for (TaskPriority priority : TaskPriority.values()) {
            assertThat(SlotHash.getSlot(keys.ready(priority))).isEqualTo(slot);
        }
        assertThat(List.of(keys.delayed(), keys.legacyActive(), keys.dead(), keys.deadTasks(), keys.deadErrors(), keys.dedupPrefix() + "evt-1"))
                .allSatisfy(key -> assertThat(SlotHash.getSlot(key)).isEqualTo(slot));
        assertThat(SlotHash.getSlot(new QueueKeys("tracking").leases())).isNotEqualTo(slot);
    }

    @Test
    void taskTypesAreRoutedToTheirNamedQueues() {
        String trackingQueue = queueName + "-tracking";
        TaskQueue routed = new TaskQueue(redis, new TaskRouting(queueName, Map.of("carrier_event", trackingQueue)), clock);
        routed.enqueueAll(List.of(
                TaskRequest.of("carrier_event", "{}", TaskPriority.HIGH),
                TaskRequest.of("send_whatsapp", "{}", TaskPriority.HIGH),
                TaskRequest.of("carrier_event", "{}", TaskPriority.HIGH)));
        assertThat(routed.depth(trackingQueue, TaskPriority.HIGH)).isEqualTo(2);
        assertThat(routed.depth(queueName, TaskPriority.HIGH)).isEqualTo(1);

        List<String> run = new CopyOnWriteArrayList<>();
        startWorker(fastSettings().withQueues(trackingQueue), TaskHandler.of("carrier_event", task -> run.add(task.type())));
        await().atMost(Duration.ofSeconds(5)).until(() -> run.size() == 2);
        assertThat(routed.depth(queueName, TaskPriority.HIGH)).isEqualTo(1);
    }
}
