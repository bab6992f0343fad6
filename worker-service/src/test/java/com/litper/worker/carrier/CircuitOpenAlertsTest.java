package com.litper.worker.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.queue.RedisConnector;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRouting;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.worker.config.CarrierApiProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

/** One CRITICAL alert per CLOSED → OPEN transition, de-duplicated per carrier and minute, on real Redis. */
@ExtendWith(EmbeddedInfrastructure.class)
class CircuitOpenAlertsTest {

    private final String queueName = "alerts-" + UUID.randomUUID();
    private final TaskQueue queue = new TaskQueue(RedisConnector.create(EmbeddedInfrastructure.redis().url()),
            TaskRouting.single(queueName), Clock.systemUTC());
    private Instant now = Instant.parse("2026-11-25T15:00:10Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };

    @AfterEach
    void close() {
        queue.close();
    }

    @Test
    void eachOpeningFromClosedRaisesOneAlertAndReopeningFromHalfOpenRaisesNone() {
        CircuitOpenAlerts alerts = new CircuitOpenAlerts(com.litper.common.task.Tasks.on(queue), clock, properties());
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("tcc");
        alerts.watch("tcc", breaker);

        breaker.transitionToOpenState();
        assertThat(alertCount()).isEqualTo(1);

        // Still failing: OPEN → HALF_OPEN → OPEN is the same outage.
        breaker.transitionToHalfOpenState();
        breaker.transitionToOpenState();
        assertThat(alertCount()).isEqualTo(1);

        // Recovered, then down again in the same minute: the key (carrier + minute) keeps it to one alert,
        // as it does for several replicas opening together.
        breaker.transitionToClosedState();
        breaker.transitionToOpenState();
        assertThat(alertCount()).isEqualTo(1);

        // A new opening in a later minute is a new alert.
        now = now.plus(Duration.ofMinutes(3));
        breaker.transitionToClosedState();
        breaker.transitionToOpenState();
        assertThat(alertCount()).isEqualTo(2);
    }

    private long alertCount() {
        return queue.depth(queueName, TaskPriority.CRITICAL);
    }

    private static CarrierApiProperties properties() {
        return new CarrierApiProperties("servientrega", Map.of(), Duration.ofSeconds(60), new CarrierApiProperties.CircuitBreaker(5, Duration.ofSeconds(30), 1),
                new CarrierApiProperties.Retry(3, Duration.ofSeconds(2), 2.0), Duration.ofDays(7), Duration.ofDays(7));
    }
}
