package com.litper.chat.inbox;

import java.time.Instant;
import java.util.UUID;

/**
 * One message of a conversation.
 *
 * @param id the message
 * @param direction INBOUND (the buyer wrote) or OUTBOUND (Litper or a person of the store wrote)
 * @param type WhatsApp's type: text, template, image, audio, …
 * @param body the text (a media message's caption); null when not known (yet)
 * @param status RECEIVED for the buyer's; PENDING (written in the inbox, not yet accepted by WhatsApp),
 *     SENT, DELIVERED, READ or FAILED for outbound ones
 * @param statusAt when it reached that status
 * @param sentAt when its author sent it (the buyer's time; WhatsApp's "sent"), null while pending
 * @param createdAt when Litper recorded it
 * @param author who wrote an outbound message in the inbox (their token subject); null for the buyer and for Litper
 * @param whatsappMessageId WhatsApp's id ({@code wamid…}); null until WhatsApp accepted a reply
 * @param failure why WhatsApp could not deliver it, or null
 */
public record MessageView(UUID id, String direction, String type, String body, String status, Instant statusAt, Instant sentAt,
        Instant createdAt, String author, String whatsappMessageId, Failure failure) {

    /**
     * WhatsApp's error for a failed delivery.
     *
     * @param code WhatsApp's error code, e.g. 131026 (undeliverable), 131047 (the 24-hour window had closed)
     * @param title WhatsApp's words for it
     */
    public record Failure(Integer code, String title) {
    }
}
