package com.litper.chat.inbox;

/** Where a conversation stands for the support team. */
public enum ConversationStatus {
    /** Waits for an answer. */
    OPEN,
    /** A person answered; waits for the buyer. */
    PENDING,
    /** Parked until a time; the buyer writing, or that time, opens it again. */
    SNOOZED,
    /** Nothing to do until the buyer writes again. */
    RESOLVED
}
