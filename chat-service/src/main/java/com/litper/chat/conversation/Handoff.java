package com.litper.chat.conversation;

import java.time.Instant;
import java.util.UUID;

/**
 * A buyer's message handed to the support agents: the payload of an {@code inbound_message} task,
 * self-contained so the agents never read chat-service's tables.
 *
 * @param conversationId the conversation the message belongs to
 * @param storeId the store the buyer wrote to
 * @param from the buyer's number in E.164
 * @param name the buyer's WhatsApp profile name, or null
 * @param text the text (or a media message's caption), or null
 * @param type WhatsApp's message type ({@code text}, {@code image}, …)
 * @param whatsappMessageId WhatsApp's id of the message
 * @param receivedAt when the buyer sent it, by WhatsApp's clock
 */
public record Handoff(UUID conversationId, UUID storeId, String from, String name, String text, String type, String whatsappMessageId,
        Instant receivedAt) {
}
