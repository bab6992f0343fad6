package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A buyer wrote on WhatsApp. Produced by chat-service (through its outbox, in the transaction that
 * stores the message: {@code MessageStore}) while the AI controls the conversation; consumed by
 * agent-orchestrator ({@code InboundMessageHandler}, queue {@code agents}), which runs the support
 * agent and answers with {@link AgentReply} or {@link AgentHandover}.
 *
 * <p>The buyer's orders with the store travel with the message ({@link #orders}), so the agent's
 * tools answer from the task alone: agent-orchestrator reads no other service's tables.
 *
 * @param conversationId the conversation the message belongs to
 * @param storeId the store the buyer wrote to
 * @param from the buyer's number in E.164
 * @param name the buyer's WhatsApp profile name, or null
 * @param text the text (or a media message's caption), or null
 * @param type WhatsApp's message type ({@code text}, {@code image}, …)
 * @param whatsappMessageId WhatsApp's id of the message
 * @param receivedAt when the buyer sent it, by WhatsApp's clock
 * @param orders the buyer's orders with this store as chat-service knew them when the message
 *     arrived ({@code chat.buyer_order}), latest event first, at most {@link #MAX_ORDERS}; null from a
 *     release that did not send them, empty when the buyer has none
 * @param buttonId the id of the reply button the buyer pressed (type {@code interactive}, WhatsApp's
 *     {@code button_reply.id}; {@link #text} is its title), else null; a release before buttons leaves it out
 */
@TaskContract(name = "inbound_message", queue = "agents", priority = TaskPriority.HIGH)
public record InboundMessage(
        @NotNull UUID conversationId,
        @NotNull UUID storeId,
        @NotBlank String from,
        String name,
        String text,
        String type,
        @NotBlank String whatsappMessageId,
        @NotNull Instant receivedAt,
        @Size(max = MAX_ORDERS) List<@NotNull @Valid Order> orders,
        @Size(max = 256) String buttonId) implements TaskPayload {

    /** The most orders a message carries. */
    public static final int MAX_ORDERS = 5;

    /** A message without its buyer's orders, as releases before the snapshot wrote it. */
    public InboundMessage(UUID conversationId, UUID storeId, String from, String name, String text, String type, String whatsappMessageId,
            Instant receivedAt) {
        this(conversationId, storeId, from, name, text, type, whatsappMessageId, receivedAt, null, null);
    }

    /** A message that is not a button press. */
    public InboundMessage(UUID conversationId, UUID storeId, String from, String name, String text, String type, String whatsappMessageId,
            Instant receivedAt, List<Order> orders) {
        this(conversationId, storeId, from, name, text, type, whatsappMessageId, receivedAt, orders, null);
    }

    /**
     * One of the buyer's orders with the store, as the order flow's {@code notify_buyer} tasks told chat-service.
     *
     * @param orderId api-service's id of the order
     * @param lastEvent the order's latest event ({@code SHIPPED}, {@code OUT_FOR_DELIVERY}, {@code EXCEPTION},
     *     {@code DELIVERED}), or null for an order chat-service recorded before it kept events
     * @param reason the novedad's reason when the latest event is {@code EXCEPTION}, else null
     * @param trackingNumber the carrier's guide, or null
     * @param carrierName the carrier as buyers read it, or null
     * @param lastEventAt when the latest event happened (the carrier's clock)
     */
    public record Order(
            @NotNull UUID orderId,
            @Pattern(regexp = "SHIPPED|OUT_FOR_DELIVERY|EXCEPTION|DELIVERED") String lastEvent,
            String reason,
            String trackingNumber,
            String carrierName,
            @NotNull Instant lastEventAt) {
    }

    @Override
    public String dedupKey() {
        return whatsappMessageId == null ? null : "wa-in:" + whatsappMessageId;
    }
}
