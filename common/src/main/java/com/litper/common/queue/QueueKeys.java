package com.litper.common.queue;

import java.util.regex.Pattern;

/**
 * Every Redis key of one named queue. All share the hash tag {@code {queue}}, so on Redis Cluster
 * a named queue lives in one slot and every script's keys are on the same node.
 */
public final class QueueKeys {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final String[] PRIORITY_NAMES = {"critical", "high", "normal", "low"};

    private final String name;
    private final String prefix;
    private final String[] ready = new String[4];

    public QueueKeys(String name) {
        this.name = requireValidName(name);
        this.prefix = "litper:queue:{" + name + "}:";
        for (TaskPriority priority : TaskPriority.values()) {
            ready[priority.code()] = prefix + "ready:" + PRIORITY_NAMES[priority.code()];
        }
    }

    static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Queue name must be 1-64 letters, digits or _ . -, was '" + name + "'");
        }
        return name;
    }

    public String name() {
        return name;
    }

    /** LIST of encoded tasks ready to run, oldest first (reclaimed and handed-back tasks go to the head). */
    public String ready(TaskPriority priority) {
        return ready[priority.code()];
    }

    /** ZSET of encoded tasks not due yet (delayed, or waiting out a retry backoff), scored by due time in ms. */
    public String delayed() {
        return prefix + "delayed";
    }

    /**
     * HASH of the leases workers hold, one per delivery of a task: lease name {@code <task id>:<attempt>}
     * to {@code <lease deadline in ms>|<encoded task>}.
     */
    public String leases() {
        return prefix + "leases";
    }

    /**
     * ZSET of encoded tasks leased by versions before {@link #leases()} existed, scored by lease
     * deadline in ms. Nothing writes it any more; the lease reaper still reclaims what is left in it,
     * so tasks held by the previous version's workers during a rolling upgrade are not lost.
     */
    public String legacyActive() {
        return prefix + "active";
    }

    /** ZSET of dead-letter task ids, scored by the time the last attempt failed in ms. */
    public String dead() {
        return prefix + "dead";
    }

    /** HASH dead-letter task id to encoded task. */
    public String deadTasks() {
        return prefix + "dead:tasks";
    }

    /** HASH dead-letter task id to the last error. */
    public String deadErrors() {
        return prefix + "dead:errors";
    }

    /**
     * ZSET of workers waiting with their slot for CRITICAL tasks free: member
     * {@code <worker's push channel>|<its CRITICAL lease length in ms>}, score the time it last said
     * so (ms). An enqueue leases a CRITICAL task straight to the oldest of them and publishes it on the
     * worker's channel (see enqueue-8.lua).
     */
    public String criticalWaiters() {
        return prefix + "critical-waiters";
    }

    /** Prefix of the STRING keys {@code dedup:<key>} holding the id of the task enqueued with a de-duplication key; they expire with the window. */
    public String dedupPrefix() {
        return prefix + "dedup:";
    }

    /** Pub/sub channel on which scripts announce new ready work, so idle workers do not wait for their next poll. */
    public String wakeChannel() {
        return prefix + "wake";
    }
}
