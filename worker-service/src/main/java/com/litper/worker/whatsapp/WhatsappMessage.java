package com.litper.worker.whatsapp;

import com.litper.common.queue.PermanentTaskFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The payload of a {@code send_whatsapp} task, as worker-service's {@code process_order} and
 * tracking-service enqueue it (docs/whatsapp.md).
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
 */
record WhatsappMessage(String to, String template, String language, List<String> parameters, String text, String orderId,
        String shipmentId, String status, Boolean sessionOpen) {

    private static final Pattern E164 = Pattern.compile("\\+?[1-9][0-9]{7,14}");

    /** Reads and checks a payload; one that can never be sent fails permanently with the reason. */
    static WhatsappMessage parse(JsonMapper json, String payload) {
        WhatsappMessage message;
        try {
            message = json.readValue(payload, WhatsappMessage.class);
        } catch (JacksonException e) {
            throw new PermanentTaskFailure("send_whatsapp payload is not a valid message: " + e.getOriginalMessage());
        }
        List<String> problems = new ArrayList<>();
        if (message.to() == null || !E164.matcher(message.to()).matches()) {
            problems.add("to (E.164)");
        }
        if (message.freeText()) {
            // Text is what is sent; nothing else is needed.
        } else {
            if (blank(message.template())) {
                problems.add(Boolean.TRUE.equals(message.sessionOpen()) ? "text or template" : "template (required outside the 24-hour session)");
            }
            if (blank(message.language())) {
                problems.add("language");
            }
            if (message.parameters() != null && message.parameters().stream().anyMatch(WhatsappMessage::blank)) {
                problems.add("parameters (no blank values)");
            }
        }
        if (!problems.isEmpty()) {
            throw new PermanentTaskFailure("send_whatsapp payload" + (message.orderId() == null ? "" : " of order " + message.orderId())
                    + " lacks " + String.join(", ", problems));
        }
        return message;
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
