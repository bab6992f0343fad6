package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testing.TestTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trace context travels in the task: the worker's span is the child of the enqueuer's (docs/queue.md, "Tracing"). */
class TaskTracingTest extends QueueTestSupport {

    private final TestTracing tracing = new TestTracing();
    private final List<TaskWorker> startedWorkers = new CopyOnWriteArrayList<>();
    private TaskQueue traced;

    @BeforeEach
    void tracedQueue() {
        traced = new TaskQueue(redis, TaskRouting.single(queueName), clock, TaskQueue.DEFAULT_DEDUP_WINDOW, Duration.ZERO,
                tracing.taskTracing());
    }

    @AfterEach
    void closeTracing() {
        tracing.close();
    }

    private TaskWorker startTracedWorker(TaskHandler... handlers) {
        TaskWorker worker = new TaskWorker(traced, List.of(handlers), fastSettings(), TaskListener.NONE);
        worker.start();
        startedWorkers.add(worker);
        return worker;
    }

    @AfterEach
    void stopTracedWorkers() {
        startedWorkers.forEach(TaskWorker::stop);
    }

    @Test
    void aTaskEnqueuedInASpanRunsInAChildSpanOfTheSameTrace() {
        Tracer tracer = tracing.tracer();
        List<String> seenByHandler = new CopyOnWriteArrayList<>();
        startTracedWorker(TaskHandler.of("send_whatsapp", task -> {
            Span current = tracer.currentSpan();
            seenByHandler.add(current == null ? "none" : current.context().traceId());
        }));

        Span request = tracer.nextSpan().name("POST /api/orders").start();
        String id;
        try (Tracer.SpanInScope ignored = tracer.withSpan(request)) {
            id = traced.enqueue("send_whatsapp", "{}", TaskPriority.HIGH);
        } finally {
            request.end();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> tracing.finished("send_whatsapp").size() == 1);
        SpanData run = tracing.finished("send_whatsapp").get(0);
        assertThat(run.getTraceId()).isEqualTo(request.context().traceId());
        assertThat(run.getParentSpanId()).isEqualTo(request.context().spanId());
        assertThat(run.getParentSpanContext().isRemote()).isTrue();
        assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(run.getAttributes().get(AttributeKey.stringKey("queue"))).isEqualTo(queueName);
        assertThat(run.getAttributes().get(AttributeKey.stringKey("priority"))).isEqualTo("HIGH");
        assertThat(run.getAttributes().get(AttributeKey.stringKey("attempt"))).isEqualTo("1");
        assertThat(run.getAttributes().get(AttributeKey.stringKey("task.id"))).isEqualTo(id);
        // What the handler does (its HTTP calls, the tasks it sends) happens inside the task's span.
        assertThat(seenByHandler).containsExactly(request.context().traceId());
    }

    @Test
    void aTaskEnqueuedWithoutASpanStartsANewTrace() {
        startTracedWorker(TaskHandler.of("alert", task -> {
        }));
        Span unrelated = tracing.tracer().nextSpan().name("unrelated").start();
        unrelated.end();

        traced.enqueue("alert", "{}", TaskPriority.CRITICAL);

        await().atMost(Duration.ofSeconds(5)).until(() -> tracing.finished("alert").size() == 1);
        SpanData run = tracing.finished("alert").get(0);
        assertThat(run.getParentSpanContext().isValid()).isFalse();
        assertThat(run.getTraceId()).isNotEqualTo(unrelated.context().traceId());
    }

    @Test
    void aTaskFromAnEnqueuerWithoutTracingStartsANewTrace() {
        startTracedWorker(TaskHandler.of("alert", task -> {
        }));
        Span request = tracing.tracer().nextSpan().name("request").start();
        try (Tracer.SpanInScope ignored = tracing.tracer().withSpan(request)) {
            // The untraced queue writes the header as the previous release does: no trace context.
            queue.enqueue("alert", "{}", TaskPriority.CRITICAL);
        } finally {
            request.end();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> tracing.finished("alert").size() == 1);
        SpanData run = tracing.finished("alert").get(0);
        assertThat(run.getParentSpanContext().isValid()).isFalse();
        assertThat(run.getTraceId()).isNotEqualTo(request.context().traceId());
    }

    @Test
    void everyAttemptIsASpanOfTheEnqueuersTraceAndAFailedOneSaysSo() {
        AtomicInteger attempts = new AtomicInteger();
        startTracedWorker(TaskHandler.of("book_shipment", task -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("carrier down");
            }
        }));
        Span request = tracing.tracer().nextSpan().name("request").start();
        try (Tracer.SpanInScope ignored = tracing.tracer().withSpan(request)) {
            traced.enqueue("book_shipment", "{}", TaskPriority.NORMAL);
        } finally {
            request.end();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> tracing.finished("book_shipment").size() == 2);
        List<SpanData> runs = tracing.finished("book_shipment");
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.getTraceId()).isEqualTo(request.context().traceId());
            assertThat(run.getParentSpanId()).isEqualTo(request.context().spanId());
        });
        assertThat(runs).extracting(run -> run.getAttributes().get(AttributeKey.stringKey("attempt"))).containsExactly("1", "2");
        assertThat(runs.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(runs.get(1).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }

    @Test
    void aTaskSentByATaskStaysInTheTrace() {
        startTracedWorker(
                TaskHandler.of("process_order", task -> traced.enqueue("shipment_booked", "{}", TaskPriority.NORMAL)),
                TaskHandler.of("shipment_booked", task -> {
                }));
        Span request = tracing.tracer().nextSpan().name("request").start();
        try (Tracer.SpanInScope ignored = tracing.tracer().withSpan(request)) {
            traced.enqueue("process_order", "{}", TaskPriority.NORMAL);
        } finally {
            request.end();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> tracing.finished("shipment_booked").size() == 1);
        SpanData first = tracing.finished("process_order").get(0);
        SpanData second = tracing.finished("shipment_booked").get(0);
        assertThat(second.getTraceId()).isEqualTo(request.context().traceId());
        assertThat(second.getParentSpanId()).isEqualTo(first.getSpanId());
    }
}
