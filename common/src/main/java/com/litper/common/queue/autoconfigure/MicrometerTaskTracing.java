package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Task tracing on Micrometer Tracing: the enqueuer's current span goes into the task as a W3C
 * {@code traceparent} (through the {@link Propagator}, so whatever the bridge's sampling decided
 * travels with it), and each attempt runs in a {@link Span.Kind#CONSUMER} span named after the task
 * type, tagged with its queue, priority and attempt, the child of that traceparent, or the root of a
 * new trace when the task has none.
 */
public final class MicrometerTaskTracing implements TaskTracing {

    static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    public MicrometerTaskTracing(Tracer tracer, Propagator propagator) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    @Override
    public String currentTraceparent() {
        Span span = tracer.currentSpan();
        if (span == null || span.isNoop()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    @Override
    public TaskSpan start(Task task, String queue) {
        Span.Builder builder = task.traceparent().isEmpty()
                ? tracer.spanBuilder().setNoParent()
                : propagator.extract(Map.of(TRACEPARENT, task.traceparent()), Map::get);
        Span span = builder.name(task.type())
                .kind(Span.Kind.CONSUMER)
                .tag("queue", queue)
                .tag("priority", task.priority().name())
                .tag("attempt", String.valueOf(task.attempt()))
                .tag("task.id", task.id())
                .start();
        Tracer.SpanInScope scope = tracer.withSpan(span);
        return new TaskSpan() {
            @Override
            public void failed(Throwable failure) {
                span.error(failure);
            }

            @Override
            public void close() {
                try {
                    scope.close();
                } finally {
                    span.end();
                }
            }
        };
    }
}
