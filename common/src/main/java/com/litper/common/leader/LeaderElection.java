package com.litper.common.leader;

/**
 * Whether this replica is the one that runs the service's singleton work (tracking polls,
 * scheduled reports, dead-letter alerts). Exactly one live replica is leader at a time, up to the
 * lease duration after a leader dies without releasing.
 *
 * <p>A scheduler either checks {@link #isLeader()} at each tick (see {@link #runIfLeader}) or
 * starts and stops its work from a {@link LeadershipListener}. Leadership can be lost at any
 * moment, so work done as leader must be safe to repeat by the next leader.
 */
public interface LeaderElection {

    /** The name of the election (a Lease or a Redis key): every candidate of one election uses the same name. */
    String name();

    /** This candidate's identity, unique among the candidates (the pod name under Kubernetes). */
    String identity();

    /** True while this candidate holds the leadership. */
    boolean isLeader();

    /** Registers a listener; it is told at once if this candidate already leads. */
    void addListener(LeadershipListener listener);

    /** Starts campaigning; idempotent. */
    void start();

    /** Stops campaigning and releases the leadership if held, so another candidate takes over without waiting for expiry. */
    void stop();

    /** Runs {@code task} only if this candidate leads right now: the usual guard at the top of a singleton {@code @Scheduled} method. */
    default boolean runIfLeader(Runnable task) {
        if (!isLeader()) {
            return false;
        }
        task.run();
        return true;
    }
}
