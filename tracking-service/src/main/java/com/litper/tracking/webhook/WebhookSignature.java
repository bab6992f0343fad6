package com.litper.tracking.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The carrier webhook signature: {@code X-Litper-Signature: sha256=<hex>}, the HMAC-SHA256 of
 * {@code "<X-Litper-Timestamp>.<raw body>"} with the carrier's secret. Signing the timestamp with
 * the body keeps a captured request from being replayed outside the tolerance.
 */
final class WebhookSignature {

    static final String TIMESTAMP_HEADER = "X-Litper-Timestamp";
    static final String SIGNATURE_HEADER = "X-Litper-Signature";
    private static final String SCHEME = "sha256=";

    private WebhookSignature() {
    }

    /** Why a request's signature was refused; the message is safe to show the caller. */
    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    /** Checks a request's timestamp and signature; throws {@link Rejected} with the reason otherwise. */
    static void verify(String secret, String timestamp, String signature, byte[] body, Instant now, Duration tolerance) throws Rejected {
        if (timestamp == null || timestamp.isBlank()) {
            throw new Rejected("The " + TIMESTAMP_HEADER + " header is missing.");
        }
        if (signature == null || signature.isBlank()) {
            throw new Rejected("The " + SIGNATURE_HEADER + " header is missing.");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new Rejected("The " + TIMESTAMP_HEADER + " header must be Unix seconds.");
        }
        // Exact: a timestamp near Long.MIN_VALUE would otherwise wrap the difference to a negative skew and pass.
        long skew;
        try {
            skew = Math.abs(Math.subtractExact(now.getEpochSecond(), seconds));
        } catch (ArithmeticException e) {
            skew = Long.MAX_VALUE;
        }
        if (skew > tolerance.toSeconds()) {
            throw new Rejected("The " + TIMESTAMP_HEADER + " is more than " + tolerance.toSeconds()
                    + " seconds from the current time: sign each delivery with a fresh timestamp.");
        }
        String given = signature.strip();
        if (!given.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new Rejected("The " + SIGNATURE_HEADER + " header must be sha256=<hex HMAC-SHA256>.");
        }
        byte[] expected = sign(secret, timestamp.strip(), body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = given.substring(SCHEME.length()).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        // Constant time: how much of a guess matches must not show in the response time.
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new Rejected("The " + SIGNATURE_HEADER + " does not match the body and timestamp.");
        }
    }

    /** The hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
