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
 * A message Litper sent that WhatsApp accepted. Produced by worker-service ({@code SendWhatsappHandler})
 * after each send; consumed by chat-service ({@code WhatsappSentHandler}), which keeps the
 * conversation: one row per message id, merged with whatever status webhook came first (a reply
 * written in the inbox is that row already, named by {@code chatMessageId}).
 *
 * @param messageId WhatsApp's id of the message ({@code wamid…}), the key its status webhooks use too
 * @param to the buyer's number in E.164 ({@code +57…})
 * @param phoneNumberId Meta's id of the business number it was sent from, which names the store
 * @param template the approved template it was sent as, or null for free text
 * @param language the template's language code, or null
 * @param text the message as the buyer reads it, or null when only the template is known
 * @param orderId the order it is about, or null
 * @param sentAt when WhatsApp accepted it, by the sender's clock
 * @param storeId the store whose conversation it belongs to (the {@link SendWhatsapp}'s), or null: the
 *     store of {@code phoneNumberId}
 * @param chatMessageId the {@link SendWhatsapp#chatMessageId()} of the send: the message of the conversation
 *     that was recorded before it was sent and now gets this {@code messageId}; null for every other message
 * @param sendKey the {@link SendWhatsapp#dedupKey()} of the send, or null: how chat-service tells that a
 *     message it wrote to its outbox came back (its reconciliation), whichever task delivered it
 */
@TaskContract(name = "whatsapp_sent", queue = "chat", priority = TaskPriority.NORMAL)
public record WhatsappSent(
        @NotBlank String messageId,
        @NotNull @Pattern(regexp = Contracts.E164, message = "must be E.164: a plus sign, the country code and the number") String to,
        @NotBlank String phoneNumberId,
        String template,
        String language,
        String text,
        String orderId,
        @NotNull Instant sentAt,
        UUID storeId,
        @Pattern(regexp = Contracts.UUID, message = "must be a chat message id (UUID)") String chatMessageId,
        String sendKey) implements TaskPayload {

    /** A sent message chat-service did not record before it was sent. */
    public WhatsappSent(String messageId, String to, String phoneNumberId, String template, String language, String text, String orderId,
            Instant sentAt, UUID storeId) {
        this(messageId, to, phoneNumberId, template, language, text, orderId, sentAt, storeId, null, null);
    }

    /** A sent message without the key of its send. */
    public WhatsappSent(String messageId, String to, String phoneNumberId, String template, String language, String text, String orderId,
            Instant sentAt, UUID storeId, String chatMessageId) {
        this(messageId, to, phoneNumberId, template, language, text, orderId, sentAt, storeId, chatMessageId, null);
    }

    @Override
    public String dedupKey() {
        return messageId == null ? null : "whatsapp-sent:" + messageId;
    }

    @JsonIgnore
    @AssertTrue(message = "must be given")
    public boolean isTextOrTemplate() {
        return text != null || (template != null && !template.isBlank());
    }
}
