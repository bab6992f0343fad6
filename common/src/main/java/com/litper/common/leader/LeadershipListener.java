package com.litper.common.leader;

/** Told when this candidate gains or loses the leadership; called on the election's thread (the service's shared task scheduler), so return quickly. */
@FunctionalInterface
public interface LeadershipListener {

    /** {@code leader} is true when this candidate just became leader, false when it just stopped being leader. */
    void leadershipChanged(boolean leader);
}
