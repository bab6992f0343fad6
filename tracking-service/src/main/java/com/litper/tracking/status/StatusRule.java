package com.litper.tracking.status;

import com.litper.common.contracts.NotifyBuyer;
import java.time.Instant;

/**
 * Whether one carrier event moves a shipment, and what that tells the buyer. Carriers
 * deliver events late and out of order (webhook retries, polling), so the rule looks at how far
 * the shipment got, not at the order of arrival:
 *
 * <ul>
 *   <li>a final status (DELIVERED, RETURNED, CANCELLED) is never left;
 *   <li>a final status is taken from any other status;
 *   <li>EXCEPTION is taken from any non-final status, unless it happened before the current status;
 *   <li>another status is taken only when it ranks above the furthest status reached, or, during an
 *       EXCEPTION, when it ranks at least as high and happened after the exception (a new delivery
 *       attempt clears the novedad).
 * </ul>
 *
 * Events that do not move the shipment are still recorded in its timeline.
 */
final class StatusRule {

    private StatusRule() {
    }

    /**
     * Where a shipment stands.
     *
     * @param status its status
     * @param progress the furthest status reached on the way to the buyer (never EXCEPTION); equals
     *     {@code status} except during an EXCEPTION
     * @param statusOccurredAt when the event that set {@code status} happened, or null
     */
    record State(ShipmentStatus status, ShipmentStatus progress, Instant statusOccurredAt) {
    }

    /**
     * What an event does.
     *
     * @param next the shipment afterwards
     * @param applied whether the event set the status (a repeated EXCEPTION refreshes its reason)
     * @param notification what the buyer is told of, or null
     */
    record Decision(State next, boolean applied, NotifyBuyer.Event notification) {
    }

    /** What a move to {@code next} tells the buyer, given the furthest status reached before it; null for nothing. */
    static NotifyBuyer.Event notificationOf(ShipmentStatus previousProgress, ShipmentStatus next) {
        return switch (next) {
            // Pickup and transit are one piece of news for a buyer: told once.
            case PICKED_UP, IN_TRANSIT -> previousProgress.rank() < ShipmentStatus.PICKED_UP.rank() ? NotifyBuyer.Event.SHIPPED : null;
            case OUT_FOR_DELIVERY -> NotifyBuyer.Event.OUT_FOR_DELIVERY;
            case DELIVERED -> NotifyBuyer.Event.DELIVERED;
            default -> null;
        };
    }

    static Decision decide(State current, ShipmentStatus incoming, Instant occurredAt) {
        if (current.status().isFinal()) {
            return new Decision(current, false, null);
        }
        boolean notOlder = current.statusOccurredAt() == null || !occurredAt.isBefore(current.statusOccurredAt());
        if (incoming == ShipmentStatus.EXCEPTION) {
            if (!notOlder) {
                return new Decision(current, false, null);
            }
            NotifyBuyer.Event notification = current.status() == ShipmentStatus.EXCEPTION ? null : NotifyBuyer.Event.EXCEPTION;
            return new Decision(new State(ShipmentStatus.EXCEPTION, current.progress(), occurredAt), true, notification);
        }
        // A late event that is ahead still tells how far the shipment got, even when it does not set the status.
        ShipmentStatus progress = incoming.rank() > current.progress().rank() ? incoming : current.progress();
        boolean moves;
        if (incoming.isFinal()) {
            moves = true;
        } else if (current.status() == ShipmentStatus.EXCEPTION) {
            moves = notOlder && incoming.rank() >= current.progress().rank();
        } else {
            moves = incoming.rank() > current.status().rank();
        }
        if (!moves) {
            return new Decision(new State(current.status(), progress, current.statusOccurredAt()), false, null);
        }
        return new Decision(new State(incoming, progress, occurredAt), true, notificationOf(current.progress(), incoming));
    }
}
