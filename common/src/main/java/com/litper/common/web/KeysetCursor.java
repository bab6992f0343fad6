package com.litper.common.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/**
 * The position after the last row of a page listed newest first by a time and an id, as the
 * opaque {@code cursor} the APIs hand out: base64url of {@code <version>:<epoch micros>:<id>}.
 * Microseconds are PostgreSQL's precision, so the position is exactly the row's. The version
 * names the listing, so a cursor of one list is refused by another and the format can change.
 *
 * @param at the last row's sort time
 * @param id the last row's id, which breaks ties
 */
public record KeysetCursor(Instant at, UUID id) {

    public String encode(String version) {
        long micros = Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
        String text = version + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a listing of {@code version} handed out; a 400 problem for anything else. */
    public static KeysetCursor decode(String version, String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || !parts[0].equals(version)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            long micros = Long.parseLong(parts[1]);
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new KeysetCursor(at, UUID.fromString(parts[2]));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST,
                    "The cursor is not one this API returned; pass the nextCursor of the previous page unchanged.");
        }
    }
}
