package com.litper.chat.conversation;

import java.time.Instant;

/**
 * A message a buyer sent to a store's WhatsApp number.
 *
 * @param phoneNumberId Meta's id of the store's number that received it
 * @param whatsappMessageId WhatsApp's id ({@code wamid…}); a re-delivery of the same id is a no-op
 * @param from the buyer's number in E.164 ({@code +57…})
 * @param name the buyer's WhatsApp profile name, or null
 * @param type WhatsApp's message type ({@code text}, {@code image}, {@code audio}, …)
 * @param text the text, or a media message's caption; null when there is none
 * @param sentAt when the buyer sent it, by WhatsApp's clock; opens the buyer's 24-hour service window
 * @param buttonId for the press of a reply button (type {@code interactive}), the button's id; {@code text} is its title. Else null
 */
public record InboundMessage(String phoneNumberId, String whatsappMessageId, String from, String name, String type, String text,
        Instant sentAt, String buttonId) {

    /** A message that is not a button press. */
    public InboundMessage(String phoneNumberId, String whatsappMessageId, String from, String name, String type, String text, Instant sentAt) {
        this(phoneNumberId, whatsappMessageId, from, name, type, text, sentAt, null);
    }
}
