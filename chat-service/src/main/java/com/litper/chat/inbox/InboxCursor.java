package com.litper.chat.inbox;

import com.litper.common.web.KeysetCursor;
import java.time.Instant;
import java.util.UUID;

/**
 * Position after the last conversation of a page: its latest activity and id, the list's sort key.
 * Opaque to clients ({@link KeysetCursor}), so its format can change.
 */
record InboxCursor(Instant lastMessageAt, UUID id) {

    private static final String VERSION = "c1";

    static InboxCursor after(Conversation last) {
        return new InboxCursor(last.lastMessageAt(), last.id());
    }

    String encode() {
        return new KeysetCursor(lastMessageAt, id).encode(VERSION);
    }

    static InboxCursor decode(String cursor) {
        KeysetCursor position = KeysetCursor.decode(VERSION, cursor);
        return new InboxCursor(position.at(), position.id());
    }
}
