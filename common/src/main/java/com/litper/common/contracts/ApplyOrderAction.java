package com.litper.common.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Apply an action on an order that its buyer confirmed. Produced by agent-orchestrator when the buyer
 * presses the confirmation button ({@code ButtonPresses}); consumed by api-service, the orders' owner
 * ({@code OrderActionHandler}), which applies it at most once per action id or refuses it (a
 * cancellation after pick-up, an address in another municipality…) and answers with
 * {@link OrderActionResult}.
 *
 * @param actionId agent-orchestrator's action: applied at most once
 * @param storeId the store of the order
 * @param orderId the order
 * @param conversationId the buyer's conversation, handed back in the result
 * @param kind what to do
 * @param newAddress for a delivery change: the corrected address in the same municipality, or null to keep it
 * @param newCity the municipality the buyer named for the new address (a name or DANE code), or null: api-service refuses the
 *     change when it is not the order's municipality
 * @param newDeliveryDate for a delivery change: the day the buyer wants it delivered, or null to keep it
 * @param confirmedAt when the buyer confirmed
 */
@TaskContract(name = "apply_order_action", queue = "api", priority = TaskPriority.HIGH)
public record ApplyOrderAction(
        @NotNull UUID actionId,
        @NotNull UUID storeId,
        @NotNull UUID orderId,
        @NotNull UUID conversationId,
        @NotNull Kind kind,
        @Size(min = 5, max = 200) String newAddress,
        @Size(max = 100) String newCity,
        LocalDate newDeliveryDate,
        @NotNull Instant confirmedAt) implements TaskPayload {

    /** The actions a buyer may confirm. */
    public enum Kind {
        /** A new delivery date and/or a corrected address in the same municipality. */
        DELIVERY_CHANGE,
        /** Cancel an order the carrier has not picked up. */
        CANCEL
    }

    /** A delivery change changes something; a cancellation carries nothing else. */
    @JsonIgnore
    @AssertTrue(message = "must be given: a new address or date for a DELIVERY_CHANGE (a city only with an address), neither for a CANCEL")
    public boolean isChangeGiven() {
        boolean changes = newAddress != null || newDeliveryDate != null;
        if (newCity != null && newAddress == null) {
            return false;
        }
        return kind == null || (kind == Kind.DELIVERY_CHANGE) == changes;
    }

    @Override
    public String dedupKey() {
        return actionId == null ? null : "apply-order-action:" + actionId;
    }
}
