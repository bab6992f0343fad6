package com.litper.chat.conversation;

import java.util.List;
import java.util.stream.Stream;

/**
 * What one WhatsApp webhook delivery carries: messages from buyers and statuses of messages sent
 * to them, in the order Meta listed them.
 */
public record Notification(List<InboundMessage> messages, List<StatusUpdate> statuses) {

    public Notification {
        messages = List.copyOf(messages);
        statuses = List.copyOf(statuses);
    }

    /** Every WhatsApp number the delivery concerns. */
    public Stream<String> phoneNumberIds() {
        return Stream.concat(messages.stream().map(InboundMessage::phoneNumberId), statuses.stream().map(StatusUpdate::phoneNumberId))
                .distinct();
    }
}
