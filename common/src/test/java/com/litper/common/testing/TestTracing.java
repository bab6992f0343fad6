package com.litper.common.testing;

import com.litper.common.queue.TaskTracing;
import com.litper.common.queue.autoconfigure.MicrometerTaskTracing;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;

/**
 * Micrometer Tracing on the OpenTelemetry bridge, as the services run it (W3C propagation, every
 * trace sampled), with finished spans kept in memory instead of exported.
 */
public final class TestTracing implements AutoCloseable {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .setSampler(Sampler.alwaysOn())
            .build();
    private final Tracer tracer;
    private final Propagator propagator;

    public TestTracing() {
        io.opentelemetry.api.trace.Tracer otel = provider.get("litper-test");
        tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {
        });
        propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
    }

    public Tracer tracer() {
        return tracer;
    }

    /** The queue's tracing on this tracer. */
    public TaskTracing taskTracing() {
        return new MicrometerTaskTracing(tracer, propagator);
    }

    /** Spans ended so far, in the order they ended. */
    public List<SpanData> finished() {
        return exporter.getFinishedSpanItems();
    }

    /** The ended spans named {@code name}. */
    public List<SpanData> finished(String name) {
        return finished().stream().filter(span -> span.getName().equals(name)).toList();
    }

    @Override
    public void close() {
        provider.close();
    }
}
