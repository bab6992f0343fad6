package com.litper.chat.conversation;

import java.time.Instant;

/**
 * A delivery status of a message Litper sent.
 *
 * @param phoneNumberId Meta's id of the store's number that sent the message
 * @param whatsappMessageId WhatsApp's id of the message ({@code wamid…})
 * @param status the new status
 * @param at when it happened, by WhatsApp's clock
 * @param recipient the buyer's number in E.164
 * @param errorCode WhatsApp's error code of a failure (e.g. 131026, undeliverable), or null
 * @param errorTitle WhatsApp's title of that error, or null
 */
public record StatusUpdate(String phoneNumberId, String whatsappMessageId, DeliveryStatus status, Instant at, String recipient,
        Integer errorCode, String errorTitle) {
}
