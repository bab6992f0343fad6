package com.litper.common.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Send one WhatsApp message to a buyer. Produced by chat-service ({@code NotifyBuyerHandler}, through
 * its outbox, with the decision to tell the buyer of a {@link NotifyBuyer}): chat-service alone
 * chooses what a buyer reads. Consumed by worker-service ({@code SendWhatsappHandler}), which sends it
 * under the global rate limit and per-buyer pacing, then sends {@link WhatsappSent} and, for an
 * order, {@link OrderMessage}.
 *
 * @param to the buyer's number, E.164 ({@code +573001234567}; the plus may be missing)
 * @param template name of an approved message template
 * @param language the template's language code, e.g. {@code es}
 * @param parameters the template body's parameters, in order
 * @param text the same message as free text, sent instead of the template only inside the buyer's service window
 * @param orderId the order the message is about, or null
 * @param shipmentId the shipment, when there is one
 * @param status the shipment status the message announces ({@code SHIPPED} for the booking), when there is one
 * @param sessionOpen whether the buyer wrote within the last 24 hours, so free text is allowed
 * @param storeId the store whose conversation with the buyer the message belongs to, or null: the
 *     sending number's store (stores may share a number)
 * @param chatMessageId the message of chat-service's conversation this send delivers (a reply a person wrote in the
 *     inbox, recorded before it is sent), or null; passed on in {@link WhatsappSent} so that reply's row gets WhatsApp's id
 * @param buttons reply buttons sent with {@link #text} as an interactive message (free text only, inside the window), or
 *     null; a release before buttons ignores them and sends the text alone
 */
@TaskContract(name = "send_whatsapp", queue = "worker", priority = TaskPriority.HIGH)
public record SendWhatsapp(
        @NotNull @Pattern(regexp = "\\+?[1-9][0-9]{7,14}", message = "must be E.164: a plus sign, the country code and the number") String to,
        String template,
        String language,
        List<String> parameters,
        String text,
        @Pattern(regexp = Contracts.UUID, message = "must be an order id (UUID)") String orderId,
        String shipmentId,
        String status,
        Boolean sessionOpen,
        UUID storeId,
        @Pattern(regexp = Contracts.UUID, message = "must be a chat message id (UUID)") String chatMessageId,
        @Size(min = 1, max = 3) List<@NotNull @Valid Button> buttons) implements TaskPayload {

    /** The status the booking's message announces. */
    public static final String SHIPPED = "SHIPPED";

    /** A message no conversation of chat-service recorded beforehand (every sender but the inbox's replies). */
    public SendWhatsapp(String to, String template, String language, List<String> parameters, String text, String orderId,
            String shipmentId, String status, Boolean sessionOpen, UUID storeId) {
        this(to, template, language, parameters, text, orderId, shipmentId, status, sessionOpen, storeId, null, null);
    }

    /** A message without buttons. */
    public SendWhatsapp(String to, String template, String language, List<String> parameters, String text, String orderId,
            String shipmentId, String status, Boolean sessionOpen, UUID storeId, String chatMessageId) {
        this(to, template, language, parameters, text, orderId, shipmentId, status, sessionOpen, storeId, chatMessageId, null);
    }

    /**
     * A reply button of an interactive message, within WhatsApp's limits.
     *
     * @param id what WhatsApp hands back in the webhook's {@code button_reply.id} when the buyer presses it
     * @param title what the buyer reads on the button
     */
    public record Button(@NotBlank @Size(max = 256) String id, @NotBlank @Size(max = 20) String title) {
    }

    /**
     * One message per change. A reply written in the inbox is keyed by its chat message. "Shipped" is
     * keyed by the order, whoever sends it (the booking, or a carrier's pickup event coming first): the
     * buyer gets whichever comes first. Other changes are keyed by shipment and status.
     */
    @Override
    public String dedupKey() {
        if (chatMessageId != null) {
            return "whatsapp:chat:" + chatMessageId;
        }
        if (SHIPPED.equals(status) && orderId != null) {
            return "whatsapp:" + orderId + ":shipped";
        }
        if (shipmentId != null && status != null) {
            return "whatsapp:" + shipmentId + ":" + status;
        }
        return null;
    }

    /**
     * Free text only inside the buyer's 24-hour service window: outside it WhatsApp accepts
     * business-initiated messages only as approved templates.
     */
    @JsonIgnore
    public boolean freeText() {
        return Boolean.TRUE.equals(sessionOpen) && !blank(text);
    }

    /** A template message names its template and language, and no parameter is blank. */
    @JsonIgnore
    @AssertTrue(message = "must be given: text inside the 24-hour session, else a template with its language and no blank parameters")
    public boolean isTextOrTemplate() {
        if (freeText()) {
            return true;
        }
        if (buttons != null) {
            return false; // buttons travel only with free text, inside the window
        }
        return !blank(template) && !blank(language) && (parameters == null || parameters.stream().noneMatch(SendWhatsapp::blank));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
