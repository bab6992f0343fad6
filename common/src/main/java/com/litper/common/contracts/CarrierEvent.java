package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/**
 * One status event of one carrier. Produced by tracking-service's carrier webhook
 * ({@code CarrierWebhookController}, through its outbox) and by worker-service's polls
 * ({@code UpdateTrackingHandler}); consumed by tracking-service ({@code CarrierEventHandler}), which
 * records it once per shipment and event id and moves the shipment, or keeps it until the shipment
 * of its guide exists. That is where an event seen twice is de-duplicated: the webhook sends every
 * delivery without a queue key, so a carrier re-sending an event that was never applied has it
 * applied. {@link #dedupKey()} serves the polls, which re-read a shipment's whole history each time.
 *
 * @param carrier the carrier's code, lower case
 * @param event the event as the carrier described it
 */
@TaskContract(name = "carrier_event", queue = "tracking", priority = TaskPriority.HIGH)
public record CarrierEvent(@NotBlank String carrier, @NotNull @Valid Event event) implements TaskPayload {

    @Override
    public String dedupKey() {
        return carrier == null || event == null ? null : "carrier:" + carrier + ":" + event.eventId();
    }

    /**
     * @param eventId the carrier's id of the event; a repeat of it is a no-op
     * @param trackingNumber the guide number
     * @param status the carrier's own status code; tracking-service maps it
     * @param occurredAt when it happened, by the carrier's clock
     * @param description the carrier's words for the buyer, or null
     * @param reason why the delivery is held up (a novedad's reason), or null
     * @param cashCollected on a delivery of a cash-on-delivery shipment, what the carrier says it collected, in pesos; else null
     */
    public record Event(@NotBlank String eventId, @NotBlank String trackingNumber, @NotBlank String status, @NotNull Instant occurredAt,
            String description, String reason, @PositiveOrZero Long cashCollected) {

        /** An event that reports no collected cash. */
        public Event(String eventId, String trackingNumber, String status, Instant occurredAt, String description, String reason) {
            this(eventId, trackingNumber, status, occurredAt, description, reason, null);
        }
    }
}
