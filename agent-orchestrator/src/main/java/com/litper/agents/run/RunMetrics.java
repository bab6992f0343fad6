package com.litper.agents.run;

import com.anthropic.models.messages.Usage;
import com.litper.agents.config.AgentProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The agents' metrics: tokens per store and model by kind ({@code litper.agents.tokens}, kind
 * {@code input}, {@code output}, {@code cache_read}, {@code cache_write}), their estimated cost in US
 * dollars at the configured prices ({@code litper.agents.cost}), runs by outcome
 * ({@code litper.agents.runs}), and the runs in flight across the cluster, read from Redis
 * ({@code litper.agents.runs.in_flight}).
 */
@Component
class RunMetrics {

    private static final Logger log = LoggerFactory.getLogger(RunMetrics.class);

    private final MeterRegistry registry;
    private final AgentProperties properties;

    RunMetrics(MeterRegistry registry, AgentProperties properties, RunSlots slots) {
        this.registry = registry;
        this.properties = properties;
        Gauge.builder("litper.agents.runs.in_flight", slots, s -> {
                    try {
                        return s.held();
                    } catch (RuntimeException e) {
                        log.debug("Runs in flight unknown: {}", e.toString());
                        return Double.NaN;
                    }
                })
                .description("Agent runs holding a slot now, across every replica (Redis)")
                .register(registry);
    }

    void usage(UUID store, String model, Usage usage) {
        long input = usage.inputTokens();
        long output = usage.outputTokens();
        long cacheRead = usage.cacheReadInputTokens().orElse(0L);
        long cacheWrite = usage.cacheCreationInputTokens().orElse(0L);
        tokens(store, model, "input", input);
        tokens(store, model, "output", output);
        tokens(store, model, "cache_read", cacheRead);
        tokens(store, model, "cache_write", cacheWrite);
        AgentProperties.Price price = properties.prices().get(model);
        if (price != null) {
            double dollars = (input * price.input() + output * price.output() + cacheRead * price.cacheRead() + cacheWrite * price.cacheWrite())
                    / 1_000_000.0;
            Counter.builder("litper.agents.cost").baseUnit("usd").description("Estimated cost of the model's tokens at the configured prices")
                    .tag("store", store.toString()).tag("model", model).register(registry).increment(dollars);
        }
    }

    void run(String outcome) {
        Counter.builder("litper.agents.runs").description("Agent runs by outcome").tag("outcome", outcome).register(registry).increment();
    }

    private void tokens(UUID store, String model, String kind, long count) {
        Counter.builder("litper.agents.tokens").baseUnit("tokens").description("Model tokens of agent runs")
                .tag("store", store.toString()).tag("model", model).tag("kind", kind).register(registry).increment(count);
    }
}
