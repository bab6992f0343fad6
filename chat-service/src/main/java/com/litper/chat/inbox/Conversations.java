package com.litper.chat.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The inbox's changes to conversations, each in the transaction of its cause: a buyer's message
 * (the webhook's transaction) or a person's action.
 */
@Component
public class Conversations {

    private final ConversationRows rows;
    private final Clock clock;

    Conversations(ConversationRows rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /**
     * A buyer's message was stored (for the first time) in the conversation: it is unread, the newest
     * activity, and opens the conversation again whatever its status. Runs in the caller's transaction.
     */
    public void received(UUID conversationId, UUID messageId) {
        Instant now = clock.instant();
        Conversation conversation = rows.lock(conversationId)
                .orElseThrow(() -> new IllegalStateException("Conversation " + conversationId + " of message " + messageId + " is gone"));
        conversation.received(now);
        rows.save(conversation);
    }
}
