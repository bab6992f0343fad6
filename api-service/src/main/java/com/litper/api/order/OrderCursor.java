package com.litper.api.order;

import com.litper.common.web.ApiProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * Position after the last order of a page: its creation time and id, the listing's sort key.
 * Opaque to clients (base64url), so its format can change.
 */
record OrderCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "o1";

    String encode() {
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1_000);
        String text = VERSION + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    static OrderCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            long micros = Long.parseLong(parts[1]);
            Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new OrderCursor(createdAt, UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST,
                    "The cursor is not one this API returned; pass the nextCursor of the previous page unchanged.");
        }
    }
}
