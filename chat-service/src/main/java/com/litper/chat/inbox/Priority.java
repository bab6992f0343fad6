package com.litper.chat.inbox;

/** How urgent the team considers a conversation. */
public enum Priority {
    LOW, NORMAL, HIGH, URGENT
}
