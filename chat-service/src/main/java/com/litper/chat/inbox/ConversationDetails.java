package com.litper.chat.inbox;

import java.util.List;

/**
 * A conversation with its latest messages, oldest first.
 *
 * @param conversation the conversation
 * @param messages its latest messages ({@code litper.chat.inbox.messages} of them at most), in the order they were sent
 * @param olderMessages whether older messages exist than those listed
 */
public record ConversationDetails(ConversationView conversation, List<MessageView> messages, boolean olderMessages) {
}
