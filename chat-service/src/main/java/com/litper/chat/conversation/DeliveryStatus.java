package com.litper.chat.conversation;

import java.util.Locale;
import java.util.Optional;

/**
 * Where an outbound message is on its way to the buyer, as WhatsApp's status webhooks tell it.
 * Statuses arrive out of order (a {@code delivered} can come after its {@code read}), so a
 * message only moves forward: sent → delivered → read. {@code failed} ends a message that was
 * only sent; once delivered, the buyer's phone has it and a late failure cannot undo that.
 */
public enum DeliveryStatus {
    SENT(1), DELIVERED(2), READ(3), FAILED(0);

    /** What an inbound message's status column holds: WhatsApp has no delivery status for what the buyer sent. */
    public static final String RECEIVED = "RECEIVED";

    private final int progress;

    DeliveryStatus(int progress) {
        this.progress = progress;
    }

    /** Whether a message at {@code current} (null: none yet) moves to this status. */
    public boolean follows(DeliveryStatus current) {
        if (current == null) {
            return true;
        }
        if (current == FAILED || current == this) {
            return false;
        }
        return this == FAILED ? current == SENT : progress > current.progress;
    }

    /** The status WhatsApp names {@code value} ({@code sent}, {@code delivered}, …), if it is one a message moves by. */
    public static Optional<DeliveryStatus> ofWhatsapp(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(value.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
