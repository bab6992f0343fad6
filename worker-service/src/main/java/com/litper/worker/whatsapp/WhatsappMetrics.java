package com.litper.worker.whatsapp;

import com.litper.worker.config.WhatsappProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The WhatsApp sends of this worker for Prometheus (docs/operations.md's WhatsApp alerts and dashboard):
 * <ul>
 *   <li>{@code litper_whatsapp_sends_total{outcome, code}}: send requests answered, {@code outcome}
 *       {@code sent} (code {@code none}) or the failure's kind ({@code throttled}, {@code buyer_throttled},
 *       {@code transient}, {@code permanent}) with WhatsApp's error code ({@code 0} when it gave none);</li>
 *   <li>{@code litper_whatsapp_rate_limit_deferred_total}: messages that found the global limit's
 *       window full and waited for a booked place;</li>
 *   <li>{@code litper_whatsapp_rate_limit_messages} and {@code litper_whatsapp_rate_limit_window_seconds}:
 *       the configured limit, so a dashboard draws it from the running configuration.</li>
 * </ul>
 */
@Component
class WhatsappMetrics {

    private final MeterRegistry registry;
    private final Counter deferred;

    WhatsappMetrics(MeterRegistry registry, WhatsappProperties properties) {
        this.registry = registry;
        WhatsappProperties.RateLimit limit = properties.rateLimit();
        Gauge.builder("litper.whatsapp.rate_limit.messages", limit, RateLimitValues::messages)
                .description("Messages the business number may send per rate-limit window").register(registry);
        Gauge.builder("litper.whatsapp.rate_limit.window", limit, RateLimitValues::windowSeconds).baseUnit("seconds")
                .description("The rate limit's window").register(registry);
        this.deferred = Counter.builder("litper.whatsapp.rate_limit.deferred")
                .description("Messages that found the global rate limit full and waited for a booked place").register(registry);
    }

    void sent() {
        sends("sent", "none");
    }

    void failed(GraphApiError error) {
        sends(error.kind().name().toLowerCase(Locale.ROOT), Integer.toString(error.code()));
    }

    void deferredByRateLimit() {
        deferred.increment();
    }

    private void sends(String outcome, String code) {
        Counter.builder("litper.whatsapp.sends").description("WhatsApp send requests answered, by outcome and WhatsApp error code")
                .tag("outcome", outcome).tag("code", code).register(registry).increment();
    }

    private static final class RateLimitValues {
        static double messages(WhatsappProperties.RateLimit limit) {
            return limit.messages();
        }

        static double windowSeconds(WhatsappProperties.RateLimit limit) {
            return limit.window().toMillis() / 1000.0;
        }
    }
}
