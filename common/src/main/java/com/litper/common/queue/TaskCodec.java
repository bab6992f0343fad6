package com.litper.common.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The encoded form of a task in Redis: {@code id|type|priority|attempt|enqueuedAtMillis|requestId|payload}.
 * One flat string rather than a hash per task keeps a queued task to its own bytes plus a few
 * (a backlog must fit in memory), and the Lua scripts read the header with one pattern.
 *
 * <p>The trace context rides in the request id field, as a suffix {@code :<traceparent>} (W3C,
 * {@code 00-<32 hex>-<16 hex>-<2 hex>}) after the request id: a new field would shift the payload for
 * a worker of the previous release, which reads everything after the sixth bar as the payload. That
 * worker takes the whole field for the request id (it only logs it and passes it on, and every
 * character of the suffix is one a request id may hold); this one splits the suffix off, and a field
 * without it is a task without trace context.
 */
final class TaskCodec {

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    /** {@code :} and a traceparent. */
    private static final int TRACE_SUFFIX_LENGTH = 1 + 55;

    private TaskCodec() {
    }

    static String encode(String id, String type, TaskPriority priority, int attempt, long enqueuedAtMillis,
            String requestId, String payload) {
        StringBuilder out = new StringBuilder(id.length() + type.length() + payload.length() + 64);
        return out.append(id).append('|').append(type).append('|').append(priority.code()).append('|')
                .append(attempt).append('|').append(enqueuedAtMillis).append('|')
                .append(requestId).append('|').append(payload).toString();
    }

    static String encode(Task task) {
        return encode(task.id(), task.type(), task.priority(), task.attempt(), task.enqueuedAt().toEpochMilli(),
                requestField(task.requestId(), task.traceparent()), task.payload());
    }

    /** The request id field: the request id, then {@code :traceparent} when there is a valid one. */
    static String requestField(String requestId, String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? requestId + ":" + traceparent : requestId;
    }

    /** The traceparent at the end of a request id field, or "" when it has none. */
    static String traceparentOf(String requestField) {
        int at = requestField.length() - TRACE_SUFFIX_LENGTH;
        if (at < 0 || requestField.charAt(at) != ':') {
            return "";
        }
        String candidate = requestField.substring(at + 1);
        return TRACEPARENT.matcher(candidate).matches() ? candidate : "";
    }

    /** A traceparent fit for the header, or "" (anything else is dropped rather than passed on). */
    static String safeTraceparent(String traceparent) {
        return traceparent != null && TRACEPARENT.matcher(traceparent).matches() ? traceparent : "";
    }

    /** A request id fit for the header: one the MDC holds may be anything, and the header cannot carry '|'. */
    static String safeRequestId(String requestId) {
        return requestId != null && SAFE_REQUEST_ID.matcher(requestId).matches() ? requestId : "";
    }

    static Task decode(String raw) {
        int[] bars = new int[6];
        int from = 0;
        for (int i = 0; i < bars.length; i++) {
            int at = raw.indexOf('|', from);
            if (at < 0) {
                throw new IllegalArgumentException("Not an encoded task: " + abbreviate(raw));
            }
            bars[i] = at;
            from = at + 1;
        }
        String requestField = raw.substring(bars[4] + 1, bars[5]);
        String traceparent = traceparentOf(requestField);
        String requestId = traceparent.isEmpty() ? requestField
                : requestField.substring(0, requestField.length() - TRACE_SUFFIX_LENGTH);
        return new Task(
                raw.substring(0, bars[0]),
                raw.substring(bars[0] + 1, bars[1]),
                TaskPriority.ofCode(Integer.parseInt(raw, bars[1] + 1, bars[2], 10)),
                Integer.parseInt(raw, bars[2] + 1, bars[3], 10),
                Instant.ofEpochMilli(Long.parseLong(raw, bars[3] + 1, bars[4], 10)),
                requestId,
                raw.substring(bars[5] + 1),
                traceparent);
    }

    /** The name of a delivery's lease, as {@code leaseOf} in {@code lua/includes/lease.lua} names it: {@code <id>:<attempt>}. */
    static String lease(Task task) {
        return task.id() + ":" + task.attempt();
    }

    /** The lease the claim script gives a task whose header it cannot read: "?" and the SHA-1 of the task, in hex. */
    static String undecodableLease(String raw) {
        try {
            return "?" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String raw) {
        return raw.length() <= 80 ? raw : raw.substring(0, 80) + "…";
    }
}
