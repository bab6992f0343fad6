package com.litper.worker.whatsapp;

import java.util.Set;

/**
 * A failed send, as WhatsApp (or the way to it) reported it, and what Litper does about it.
 *
 * @param httpStatus the answer's HTTP status; 0 when there was no answer (network error, timeout)
 * @param code the Graph API's {@code error.code}; 0 when the answer had none
 * @param message the Graph API's {@code error.message}, or what went wrong on the way
 * @param details the Graph API's {@code error.error_data.details}, may be empty
 */
record GraphApiError(int httpStatus, int code, String message, String details) {

    /** What a failure means for the message. */
    enum Kind {
        /** The business number is over its throughput: wait and send again, nothing failed. */
        THROTTLED,
        /** Too many messages to this buyer in a short time (131056): wait one interval and send again. */
        BUYER_THROTTLED,
        /** WhatsApp or the network is unwell: a failed attempt, retried with the queue's backoff. */
        TRANSIENT,
        /** No retry can succeed (bad number, template problem, invalid parameter, auth): dead letter at once. */
        PERMANENT
    }

    // 130429 Cloud API throughput reached, 131048 spam rate limit, 80007 account rate limit, 4 app call limit.
    private static final Set<Integer> THROTTLED = Set.of(130429, 131048, 80007, 4);
    // 1/2 API unknown/temporarily unavailable, 131000 something went wrong, 131016 service overloaded, 133004 server unavailable.
    private static final Set<Integer> TRANSIENT = Set.of(1, 2, 131000, 131016, 133004);
    private static final int PAIR_RATE_LIMIT = 131056;

    static GraphApiError unreachable(String what) {
        return new GraphApiError(0, 0, what, "");
    }

    Kind kind() {
        if (code == PAIR_RATE_LIMIT) {
            return Kind.BUYER_THROTTLED;
        }
        if (THROTTLED.contains(code) || httpStatus == 429) {
            return Kind.THROTTLED;
        }
        if (httpStatus == 0 || httpStatus == 408 || httpStatus >= 500 || TRANSIENT.contains(code)) {
            return Kind.TRANSIENT;
        }
        // Everything else is a 4xx about this request: 131026 undeliverable, 132000/132001 template,
        // 100 invalid parameter, 131047 outside the service window, 190/401/403 authorisation.
        return Kind.PERMANENT;
    }

    /**
     * WhatsApp's words for the error without its "(#131026) " prefix, for the buyer's conversation;
     * the HTTP status when it said nothing. Never the details, which may repeat the message's parameters.
     */
    String title() {
        String words = message == null ? "" : message.replaceFirst("^\\(#\\d+\\)\\s*", "").strip();
        if (!words.isEmpty()) {
            return words;
        }
        return httpStatus > 0 ? "HTTP " + httpStatus : "no answer";
    }

    /** One line for logs and dead letters: the provider's code and words, never the token. */
    String describe() {
        StringBuilder text = new StringBuilder();
        if (httpStatus > 0) {
            text.append("HTTP ").append(httpStatus);
        }
        if (code != 0) {
            text.append(text.isEmpty() ? "" : ", ").append("error ").append(code);
        }
        if (message != null && !message.isBlank()) {
            text.append(text.isEmpty() ? "" : ": ").append(message);
        }
        if (details != null && !details.isBlank()) {
            text.append(" (").append(details).append(')');
        }
        return text.toString();
    }
}
