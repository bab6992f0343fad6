package com.litper.chat.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<hex>}, the HMAC-SHA256 of the raw
 * body with the app secret, and the verify token of the subscription handshake. Both compare in
 * constant time, so how much of a guess matches does not show in the response time.
 */
final class WhatsappSignature {

    static final String HEADER = "X-Hub-Signature-256";
    private static final String SCHEME = "sha256=";

    private WhatsappSignature() {
    }

    /** Why a request's signature was refused; the message is safe to show the caller. */
    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message);
        }
    }

    /** Checks the signature of {@code body}; throws {@link Rejected} with the reason otherwise. */
    static void verify(String appSecret, String signature, byte[] body) throws Rejected {
        if (signature == null || signature.isBlank()) {
            throw new Rejected("The " + HEADER + " header is missing.");
        }
        String given = signature.strip();
        if (!given.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new Rejected("The " + HEADER + " header must be sha256=<hex HMAC-SHA256 of the body>.");
        }
        byte[] expected = sign(appSecret, body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = given.substring(SCHEME.length()).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new Rejected("The " + HEADER + " does not match the body.");
        }
    }

    /** Whether {@code given} is the configured verify token; a missing token matches nothing. */
    static boolean isVerifyToken(String configured, String given) {
        if (configured == null || given == null) {
            return false;
        }
        // Digests first: equal lengths, so not even the token's length shows in the time taken.
        return MessageDigest.isEqual(sha256(configured), sha256(given));
    }

    /** The hex HMAC-SHA256 of {@code body} with {@code appSecret}. */
    static String sign(String appSecret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
