package com.litper.worker.carrier;

import com.litper.common.contracts.Alert;
import com.litper.common.task.Tasks;
import com.litper.worker.config.CarrierApiProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Tells operators when a carrier's circuit opens: one CRITICAL {@code alert} task per opening
 * (CLOSED → OPEN), not per rejected call, and not again while a still-failing carrier bounces
 * between OPEN and HALF_OPEN. The de-duplication key names the carrier and the minute, so the
 * replicas of worker-service whose circuits open together on one outage raise one alert between them.
 */
@Component
class CircuitOpenAlerts {

    private static final Logger log = LoggerFactory.getLogger(CircuitOpenAlerts.class);

    private final Tasks tasks;
    private final Clock clock;
    private final Duration waitInOpen;

    CircuitOpenAlerts(Tasks tasks, Clock clock, CarrierApiProperties properties) {
        this.tasks = tasks;
        this.clock = clock;
        this.waitInOpen = properties.circuitBreaker().waitInOpen();
    }

    /** Raises an alert whenever {@code breaker}, the circuit of carrier {@code carrier}, opens from CLOSED. */
    void watch(String carrier, CircuitBreaker breaker) {
        breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition() == CircuitBreaker.StateTransition.CLOSED_TO_OPEN) {
                raise(carrier);
            }
        });
    }

    void raise(String carrier) {
        Instant now = clock.instant();
        Alert alert = new Alert("critical", "carrier:" + carrier, "Circuit of carrier " + carrier
                + " opened after consecutive failed calls at " + now + "; bookings and polls with " + carrier + " fail fast for "
                + waitInOpen + " before a trial call");
        String dedupKey = "circuit-open:" + carrier + ":" + now.truncatedTo(ChronoUnit.MINUTES);
        try {
            tasks.sendRequests(java.util.List.of(tasks.request(alert).deduplicatedBy(dedupKey, Duration.ofMinutes(2))));
        } catch (RuntimeException e) {
            // Runs inside the failing carrier call: losing the alert must not change that call's outcome.
            log.error("Could not enqueue the circuit-open alert of carrier {}: {}", carrier, e.toString());
        }
    }
}
