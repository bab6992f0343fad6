package com.litper.agents.action;

import com.litper.common.contracts.ApplyOrderAction;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One action the agent proposed on an order ({@code agents.order_action}).
 *
 * @param status {@code PROPOSED}, then {@code CONFIRMED}, {@code DECLINED} or {@code EXPIRED}; a confirmed
 *     one ends {@code APPLIED} or {@code REFUSED}
 * @param pressedMessageId WhatsApp's id of the button press that decided it, or null
 */
record OrderAction(UUID id, UUID conversationId, UUID storeId, UUID orderId, String trackingNumber, ApplyOrderAction.Kind kind,
        String newAddress, String newCity, LocalDate newDeliveryDate, String status, String reason, String pressedMessageId, Instant expiresAt) {
}
