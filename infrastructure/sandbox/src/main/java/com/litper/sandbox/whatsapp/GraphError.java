package com.litper.sandbox.whatsapp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An error answer of the Graph API: the HTTP status Meta uses for the code and the JSON body
 * {@code {"error": {"message", "type", "code", "error_data": {"details"}, "fbtrace_id"}}}.
 */
record GraphError(int httpStatus, int code, String message, String details) {

    static final int INVALID_PARAMETER = 100;
    static final int ACCESS_TOKEN = 190;
    static final int PAIR_RATE_LIMIT = 131056;
    static final int TEMPLATE_PARAMETERS = 132000;
    static final int TEMPLATE_MISSING = 132001;
    static final int UNDELIVERABLE = 131026;
    static final int RE_ENGAGEMENT = 131047;
    static final int SOMETHING_WENT_WRONG = 131000;

    /** The error {@code code} with Meta's usual status and words, and {@code details} saying what was wrong. */
    static GraphError of(int code, String details) {
        return switch (code) {
            case ACCESS_TOKEN -> new GraphError(401, code, "Invalid OAuth access token - Cannot parse access token", details);
            case INVALID_PARAMETER -> new GraphError(400, code, "(#100) Invalid parameter", details);
            case 4 -> new GraphError(400, code, "(#4) Application request limit reached", details);
            case 80007 -> new GraphError(400, code, "(#80007) Rate limit issues", details);
            case 130429 -> new GraphError(400, code, "(#130429) Rate limit hit", details);
            case 131048 -> new GraphError(400, code, "(#131048) Spam rate limit hit", details);
            case PAIR_RATE_LIMIT -> new GraphError(400, code, "(#131056) (Business Account, Consumer Account) pair rate limit hit", details);
            case UNDELIVERABLE -> new GraphError(400, code, "(#131026) Message Undeliverable.", details);
            case RE_ENGAGEMENT -> new GraphError(400, code, "(#131047) Re-engagement message", details);
            case 131009 -> new GraphError(400, code, "(#131009) Parameter value is not valid", details);
            case TEMPLATE_PARAMETERS -> new GraphError(400, code,
                    "(#132000) Number of parameters does not match the expected number of params", details);
            case TEMPLATE_MISSING -> new GraphError(404, code, "(#132001) Template name does not exist in the translation", details);
            case 1 -> new GraphError(500, code, "An unknown error occurred", details);
            case 2 -> new GraphError(503, code, "Service temporarily unavailable", details);
            case SOMETHING_WENT_WRONG -> new GraphError(500, code, "(#131000) Something went wrong", details);
            case 131016 -> new GraphError(503, code, "(#131016) Service unavailable", details);
            case 133004 -> new GraphError(503, code, "(#133004) Server temporarily unavailable", details);
            default -> new GraphError(400, code, "(#" + code + ") Error", details);
        };
    }

    GraphError withStatus(int status) {
        return new GraphError(status, code, message, details);
    }

    Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", "OAuthException");
        error.put("code", code);
        if (details != null && !details.isBlank()) {
            error.put("error_data", Map.of("messaging_product", "whatsapp", "details", details));
        }
        error.put("fbtrace_id", traceId());
        return Map.of("error", error);
    }

    private static String traceId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder("A");
        for (int i = 0; i < 22; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
