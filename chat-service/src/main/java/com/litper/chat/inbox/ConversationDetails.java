package com.litper.chat.inbox;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation with its latest messages, oldest first, and the buyer's orders with the store.
 *
 * @param conversation the conversation
 * @param messages its latest messages ({@code litper.chat.inbox.messages} of them at most), in the order they were sent
 * @param olderMessages whether older messages exist than those listed
 * @param orders the buyer's orders with this store, latest event first (at most 20), as the order
 *     flow's {@code notify_buyer} tasks told chat-service
 */
public record ConversationDetails(ConversationView conversation, List<MessageView> messages, boolean olderMessages,
        List<BuyerOrder> orders) {

    /**
     * One order of the buyer, as the support agent needs it beside the conversation.
     *
     * @param orderId api-service's id of the order
     * @param lastEvent the latest event the order flow reported ({@code SHIPPED}, {@code OUT_FOR_DELIVERY},
     *     {@code EXCEPTION}, {@code DELIVERED}), or null for an order recorded before chat-service kept it
     * @param reason the novedad's reason when the latest event is {@code EXCEPTION}
     * @param trackingNumber the carrier's guide
     * @param carrierName the carrier as buyers read it
     * @param lastEventAt when the latest event happened (the carrier's clock)
     */
    public record BuyerOrder(UUID orderId, String lastEvent, String reason, String trackingNumber, String carrierName,
            Instant lastEventAt) {
    }
}
