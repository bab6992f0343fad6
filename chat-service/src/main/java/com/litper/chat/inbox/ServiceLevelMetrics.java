package com.litper.chat.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The service-level clocks as Micrometer timers, with histograms for percentiles and SLO alerts:
 * {@code litper.chat.first_response} (human time until a person's first reply) and
 * {@code litper.chat.resolution} (human time until the resolution), each counted only while a person
 * controlled the conversation. Recorded once the transaction commits, so a rolled-back change
 * measures nothing.
 */
@Component
class ServiceLevelMetrics {

    private final Timer firstResponse;
    private final Timer resolution;

    ServiceLevelMetrics(MeterRegistry registry) {
        this.firstResponse = Timer.builder("litper.chat.first_response")
                .description("Time a person controlled a conversation until a person first replied to the buyer")
                .publishPercentileHistogram()
                .register(registry);
        this.resolution = Timer.builder("litper.chat.resolution")
                .description("Time a person controlled a conversation until it was resolved")
                .publishPercentileHistogram()
                .register(registry);
    }

    void firstResponse(Optional<Duration> time) {
        time.ifPresent(t -> afterCommit(firstResponse, t));
    }

    void resolution(Optional<Duration> time) {
        time.ifPresent(t -> afterCommit(resolution, t));
    }

    private static void afterCommit(Timer timer, Duration time) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            timer.record(time);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                timer.record(time);
            }
        });
    }
}
