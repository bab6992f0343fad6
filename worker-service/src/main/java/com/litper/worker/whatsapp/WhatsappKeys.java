package com.litper.worker.whatsapp;

/**
 * Every Redis key of WhatsApp sending, in one place. The hash tags keep each script's keys in one
 * Redis Cluster slot: the rate limit of one business number, or the turns of one (number, buyer) pair.
 */
final class WhatsappKeys {

    private WhatsappKeys() {
    }

    /** ZSET of booked and used send places of a business number's global rate limit (bookSlot-1.lua). */
    static String slots(String phoneNumberId) {
        return "litper:whatsapp:{rate:" + phoneNumberId + "}:slots";
    }

    /** STRING: the message holding a buyer's turn; its expiry is when the buyer's next message may go (takeTurn-3.lua). */
    static String turn(String phoneNumberId, String buyer) {
        return pair(phoneNumberId, buyer) + ":turn";
    }

    /** ZSET: a buyer's messages not sent yet, scored by enqueue time, which fixes their order. */
    static String pending(String phoneNumberId, String buyer) {
        return pair(phoneNumberId, buyer) + ":pending";
    }

    /** HASH: task id of a pending message to when it is expected back at a worker. */
    static String expected(String phoneNumberId, String buyer) {
        return pair(phoneNumberId, buyer) + ":expected";
    }

    /**
     * STRING: WhatsApp's id and the send time of the message a {@code send_whatsapp} task sent, so a
     * redelivery of that task tells the owners again instead of sending the message twice (SentMessages).
     */
    static String sent(String taskId) {
        return "litper:whatsapp:{sent:" + taskId + "}";
    }

    /** STRING: the same for a message named by its send's de-duplication key, whichever task sent it. */
    static String sentMessage(String sendKey) {
        return "litper:whatsapp:{sent-message:" + sendKey + "}";
    }

    // WhatsApp's pair rate limit is per business number and buyer, so the keys are too.
    private static String pair(String phoneNumberId, String buyer) {
        return "litper:whatsapp:{pair:" + phoneNumberId + ":" + buyer + "}";
    }
}
