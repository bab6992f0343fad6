package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.UUID;

/**
 * WhatsApp refused a message for good, so it was never sent (not on WhatsApp, template missing or
 * rejected, free text outside the 24-hour window, invalid parameter, …). Produced by worker-service
 * ({@code SendWhatsappHandler}, just before the {@link SendWhatsapp} is dead-lettered); consumed by
 * chat-service ({@code WhatsappFailedHandler}), which shows it in the buyer's conversation as a
 * FAILED message with WhatsApp's code and title (one per send task, so a repeat records nothing new;
 * a reply written in the inbox is that message already, named by {@code chatMessageId}).
 *
 * <p>Its own contract rather than a status of {@link WhatsappSent}: a refused message has no WhatsApp
 * message id, which is {@code whatsapp_sent}'s identity, de-duplication key and the key its status
 * webhooks use.
 *
 * @param sendTaskId the {@code send_whatsapp} task that gave up; one failure per task
 * @param to the buyer's number in E.164 ({@code +57…})
 * @param phoneNumberId Meta's id of the business number it was to be sent from
 * @param storeId the store whose conversation it belongs to (the {@link SendWhatsapp}'s), or null:
 *     the store of {@code phoneNumberId}
 * @param orderId the order it was about, or null
 * @param template the approved template it was to be sent as, or null for free text
 * @param language the template's language code, or null
 * @param text the message as the buyer would have read it, or null when only the template is known
 * @param errorCode WhatsApp's error code (e.g. 131026, 131047, 132001), or null when its answer had none
 * @param errorTitle WhatsApp's words for the error, or the HTTP status when it gave none
 * @param failedAt when worker-service gave up
 * @param chatMessageId the {@link SendWhatsapp#chatMessageId()} of the send: the reply of chat-service's inbox that
 *     was recorded before it was sent and now failed; null for every other message
 * @param sendKey the {@link SendWhatsapp#dedupKey()} of the send, or null: how chat-service tells that a
 *     message it wrote to its outbox came back (its reconciliation)
 */
@TaskContract(name = "whatsapp_failed", queue = "chat", priority = TaskPriority.NORMAL)
public record WhatsappFailed(
        @NotBlank String sendTaskId,
        @NotNull @Pattern(regexp = Contracts.E164, message = "must be E.164: a plus sign, the country code and the number") String to,
        @NotBlank String phoneNumberId,
        UUID storeId,
        @Pattern(regexp = Contracts.UUID, message = "must be an order id (UUID)") String orderId,
        String template,
        String language,
        String text,
        Integer errorCode,
        @NotBlank String errorTitle,
        @NotNull Instant failedAt,
        @Pattern(regexp = Contracts.UUID, message = "must be a chat message id (UUID)") String chatMessageId,
        String sendKey) implements TaskPayload {

    /** A refused message chat-service did not record before it was sent. */
    public WhatsappFailed(String sendTaskId, String to, String phoneNumberId, UUID storeId, String orderId, String template, String language,
            String text, Integer errorCode, String errorTitle, Instant failedAt) {
        this(sendTaskId, to, phoneNumberId, storeId, orderId, template, language, text, errorCode, errorTitle, failedAt, null, null);
    }

    /** A refused message without the key of its send. */
    public WhatsappFailed(String sendTaskId, String to, String phoneNumberId, UUID storeId, String orderId, String template, String language,
            String text, Integer errorCode, String errorTitle, Instant failedAt, String chatMessageId) {
        this(sendTaskId, to, phoneNumberId, storeId, orderId, template, language, text, errorCode, errorTitle, failedAt, chatMessageId, null);
    }

    @Override
    public String dedupKey() {
        return sendTaskId == null ? null : "whatsapp-failed:" + sendTaskId;
    }
}
