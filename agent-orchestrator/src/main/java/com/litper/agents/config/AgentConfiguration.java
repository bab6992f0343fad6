package com.litper.agents.config;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Messages API client and its circuit breaker. */
@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

    /** The circuit's name, as metrics and logs show it. */
    static final String ANTHROPIC_CIRCUIT = "anthropic";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The SDK with its own retries off ({@code maxRetries(0)}): a run retries within its one deadline
     * instead, honouring {@code retry-after} (the SDK's retries would add their own waits on top). Each
     * call's timeout is the run's time left; the client-wide one is only a ceiling.
     */
    @Bean(destroyMethod = "close")
    AnthropicClient anthropicClient(AnthropicProperties anthropic, AgentProperties agents) {
        return AnthropicOkHttpClient.builder()
                .baseUrl(anthropic.baseUrl())
                // A blank key still builds a client: calls are refused (401) and runs hand over to a person.
                .apiKey(anthropic.apiKey() == null || anthropic.apiKey().isBlank() ? "unset" : anthropic.apiKey())
                .maxRetries(0)
                .timeout(agents.runDeadline())
                .build();
    }

    /**
     * Opens after {@code consecutiveFailures} failed calls in a row (a count window of that size, every
     * call in it failed) and lets one trial call through after {@code openFor}. Failures are what says the
     * API is down: 5xx (529 overloaded included) and I/O errors; a 4xx (our request, our rate limit) is not.
     */
    @Bean
    CircuitBreaker anthropicCircuitBreaker(AgentProperties agents) {
        int failures = agents.circuitBreaker().consecutiveFailures();
        return CircuitBreaker.of(ANTHROPIC_CIRCUIT, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(agents.circuitBreaker().openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(AgentConfiguration::apiFailed)
                .build());
    }

    static boolean apiFailed(Throwable failure) {
        if (failure instanceof AnthropicServiceException service) {
            return service.statusCode() >= 500;
        }
        return true;
    }
}
