package com.litper.common.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;

/**
 * Something happened to a buyer's order that the buyer is told about. Produced by worker-service
 * ({@code ProcessOrderHandler}: the booking, {@link Event#SHIPPED}) and tracking-service
 * ({@code CarrierEventHandler}, through its outbox: each status change a buyer cares about);
 * consumed by chat-service ({@code NotifyBuyerHandler}), which owns what a buyer is told: it records
 * the buyer's link to the order and the store, chooses the message (template and parameters, or
 * free text inside the buyer's 24-hour window), tells each order's event once, and writes the
 * {@link SendWhatsapp} for worker-service. Producers say what happened, never what to write.
 * Self-contained: chat-service reads no other service's tables.
 *
 * @param storeId the store that owns the order
 * @param orderId the order (api-service's id)
 * @param buyerPhone the buyer's mobile in E.164 ({@code +57…})
 * @param buyerFirstName the buyer's first name as the order gives it ({@link #firstName}), or null
 * @param event what happened
 * @param reason why the delivery is held up; required for {@link Event#EXCEPTION}, else null
 * @param trackingNumber the carrier's guide number
 * @param carrierName the carrier's name as buyers read it ({@code Servientrega}, {@code Inter Rapidísimo})
 * @param shipmentId tracking-service's id of the shipment, or null before it exists (the booking)
 * @param occurredAt when it happened: the carrier's booking or event time
 */
@TaskContract(name = "notify_buyer", queue = "chat", priority = TaskPriority.HIGH)
public record NotifyBuyer(
        @NotNull UUID storeId,
        @NotNull UUID orderId,
        @NotNull @Pattern(regexp = Contracts.E164, message = "must be E.164: a plus sign, the country code and the number") String buyerPhone,
        String buyerFirstName,
        @NotNull Event event,
        String reason,
        @NotBlank String trackingNumber,
        @NotBlank String carrierName,
        UUID shipmentId,
        @NotNull Instant occurredAt) implements TaskPayload {

    /** What happened to the order, in the order a buyer lives it; {@link #EXCEPTION} may come between. */
    public enum Event {
        /** The carrier has the parcel: booked, picked up or first in transit, whichever is told first. */
        SHIPPED,
        /** On the last-mile vehicle. */
        OUT_FOR_DELIVERY,
        /** A novedad: the delivery is held up, with the carrier's reason. */
        EXCEPTION,
        /** Delivered; nothing is told afterwards. */
        DELIVERED
    }

    /**
     * One task per order and event, whichever service sends it: the booking and a carrier's pickup
     * both announce {@link Event#SHIPPED} under the same key, so the first one is the one told.
     */
    @Override
    public String dedupKey() {
        return orderId == null || event == null ? null : "notify-buyer:" + orderId + ":" + event.name();
    }

    /** A novedad names its reason: the buyer is told why the delivery is held up. */
    @JsonIgnore
    @AssertTrue(message = "must be given for an EXCEPTION")
    public boolean isReasonOfException() {
        return event != Event.EXCEPTION || (reason != null && !reason.isBlank());
    }

    /** The first word of a buyer's full name, as messages greet them; null when there is none. */
    public static String firstName(String fullName) {
        if (fullName == null || fullName.isBlank()) {
            return null;
        }
        return fullName.strip().split("\\s+")[0];
    }
}
