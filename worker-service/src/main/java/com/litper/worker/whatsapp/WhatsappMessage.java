package com.litper.worker.whatsapp;

import com.litper.common.contracts.SendWhatsapp;
import java.util.List;
import java.util.UUID;

/**
 * A message to send: the {@link SendWhatsapp} payload of a {@code send_whatsapp} task, as the
 * Cloud API client reads it (docs/whatsapp.md).
 *
 * @param to the buyer's number, E.164 ({@code +573001234567})
 * @param template name of an approved message template
 * @param language the template's language code, e.g. {@code es}
 * @param parameters the template body's parameters, in order
 * @param text the same message as free text, sent instead of the template only inside the buyer's service window
 * @param orderId the order the message is about, for logs
 * @param shipmentId the shipment, when there is one
 * @param status the shipment status the message announces, when there is one
 * @param sessionOpen whether the buyer wrote within the last 24 hours, so free text is allowed
 * @param storeId the store whose conversation the message belongs to, handed back to chat-service; may be null
 * @param chatMessageId chat-service's record of the message (a reply written in its inbox), passed back in
 *     {@code whatsapp_sent}; null for every other message
 * @param buttons reply buttons sent with the free text as an interactive message, or null
 */
record WhatsappMessage(String to, String template, String language, List<String> parameters, String text, String orderId,
        String shipmentId, String status, Boolean sessionOpen, UUID storeId, String chatMessageId, List<SendWhatsapp.Button> buttons) {

    /** A message without buttons. */
    WhatsappMessage(String to, String template, String language, List<String> parameters, String text, String orderId, String shipmentId,
            String status, Boolean sessionOpen, UUID storeId, String chatMessageId) {
        this(to, template, language, parameters, text, orderId, shipmentId, status, sessionOpen, storeId, chatMessageId, null);
    }

    /** The message of a {@code send_whatsapp} payload, already validated by its contract. */
    static WhatsappMessage of(SendWhatsapp payload) {
        return new WhatsappMessage(payload.to(), payload.template(), payload.language(), payload.parameters(), payload.text(),
                payload.orderId(), payload.shipmentId(), payload.status(), payload.sessionOpen(), payload.storeId(),
                payload.chatMessageId(), payload.buttons());
    }

    /**
     * Free text only inside the buyer's 24-hour service window: outside it WhatsApp accepts
     * business-initiated messages only as approved templates.
     */
    boolean freeText() {
        return Boolean.TRUE.equals(sessionOpen) && !blank(text);
    }

    /** The number as the Cloud API wants it in {@code to}: digits only, with the country code. */
    String recipient() {
        return to.startsWith("+") ? to.substring(1) : to;
    }

    List<String> templateParameters() {
        return parameters == null ? List.of() : parameters;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
