package com.litper.chat.inbox;

import com.litper.common.web.ApiProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * Position after the last conversation of a page: its latest activity and id, the list's sort key.
 * Opaque to clients (base64url), so its format can change.
 */
record InboxCursor(Instant lastMessageAt, UUID id) {

    private static final String VERSION = "c1";

    static InboxCursor after(Conversation last) {
        return new InboxCursor(last.lastMessageAt(), last.id());
    }

    String encode() {
        // Microseconds: PostgreSQL's precision, so the position is exactly the row's.
        long micros = Math.addExact(Math.multiplyExact(lastMessageAt.getEpochSecond(), 1_000_000L), lastMessageAt.getNano() / 1_000);
        String text = VERSION + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    static InboxCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            long micros = Long.parseLong(parts[1]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new InboxCursor(at, UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST,
                    "The cursor is not one this API returned; pass the nextCursor of the previous page unchanged.");
        }
    }
}
