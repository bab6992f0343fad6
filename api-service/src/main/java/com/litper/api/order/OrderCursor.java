package com.litper.api.order;

import com.litper.common.web.KeysetCursor;
import java.time.Instant;
import java.util.UUID;

/**
 * Position after the last order of a page: its creation time and id, the listing's sort key.
 * Opaque to clients ({@link KeysetCursor}), so its format can change.
 */
record OrderCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "o1";

    String encode() {
        return new KeysetCursor(createdAt, id).encode(VERSION);
    }

    static OrderCursor decode(String cursor) {
        KeysetCursor position = KeysetCursor.decode(VERSION, cursor);
        return new OrderCursor(position.at(), position.id());
    }
}
