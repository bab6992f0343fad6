package com.litper.chat.inbox;

/** Who answers the buyer; a conversation has exactly one. */
public enum Controller {
    /** The AI support agent: the buyer's messages are handed to it. */
    AI,
    /** A person of the store: the AI stays silent. */
    HUMAN
}
