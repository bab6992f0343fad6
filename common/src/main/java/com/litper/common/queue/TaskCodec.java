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
 */
final class TaskCodec {

    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

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
                task.requestId(), task.payload());
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
        return new Task(
                raw.substring(0, bars[0]),
                raw.substring(bars[0] + 1, bars[1]),
                TaskPriority.ofCode(Integer.parseInt(raw, bars[1] + 1, bars[2], 10)),
                Integer.parseInt(raw, bars[2] + 1, bars[3], 10),
                Instant.ofEpochMilli(Long.parseLong(raw, bars[3] + 1, bars[4], 10)),
                raw.substring(bars[4] + 1, bars[5]),
                raw.substring(bars[5] + 1));
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
