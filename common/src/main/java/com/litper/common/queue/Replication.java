package com.litper.common.queue;

/** What became of the replication of an enqueue that waited for a replica ({@code WAIT}). */
public enum Replication {
    /** A replica acknowledged the write. */
    ACKNOWLEDGED,
    /** The master has replicas, but none acknowledged within the timeout (or none was answering). */
    UNCONFIRMED,
    /** The master has no replica: nothing to wait for. */
    NO_REPLICA,
    /** Not waited for: waiting is off ({@code litper.queue.replication-wait=0}), or Redis Cluster. */
    NOT_WAITED
}
