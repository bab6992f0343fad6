package com.litper.chat.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A message Litper sent that WhatsApp accepted, as a {@code whatsapp_sent} task
 * ({@link com.litper.common.contracts.WhatsappSent}) carries it (docs/whatsapp.md).
 *
 * @param messageId WhatsApp's id of the message ({@code wamid…}), the key its status webhooks use too
 * @param to the buyer's number in E.164 ({@code +57…})
 * @param phoneNumberId Meta's id of the business number it was sent from, which names the store
 * @param template the approved template it was sent as, or null for free text
 * @param language the template's language code, or null
 * @param text the message as the buyer reads it, or null when only the template is known
 * @param orderId the order it is about, or null
 * @param sentAt when WhatsApp accepted it, by the sender's clock
 * @param storeId the store whose conversation it belongs to, or null: the sending number's store
 * @param sendKey the de-duplication key of the {@code send_whatsapp} that sent it, or null
 */
public record SentMessage(String messageId, String to, String phoneNumberId, String template, String language, String text,
        String orderId, Instant sentAt, UUID storeId, String sendKey) {

    public SentMessage(String messageId, String to, String phoneNumberId, String template, String language, String text,
            String orderId, Instant sentAt, UUID storeId) {
        this(messageId, to, phoneNumberId, template, language, text, orderId, sentAt, storeId, null);
    }

    /** The message a {@code whatsapp_sent} task carries. */
    static SentMessage of(com.litper.common.contracts.WhatsappSent sent) {
        return new SentMessage(sent.messageId(), sent.to(), sent.phoneNumberId(), sent.template(), sent.language(), sent.text(),
                sent.orderId(), sent.sentAt(), sent.storeId(), sent.sendKey());
    }

    /** WhatsApp's message type of the stored row. */
    String type() {
        return template == null ? "text" : "template";
    }

    /** What the conversation shows: the text, or the template's name when the text is not known. */
    String body() {
        return text != null ? text : "template:" + template;
    }
}
