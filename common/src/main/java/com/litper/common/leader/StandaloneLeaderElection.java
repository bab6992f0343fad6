package com.litper.common.leader;

/**
 * Always leader once started: for a service that runs as a single instance (locally, in tests).
 * Never use it with more than one replica: every replica would run the singleton work.
 */
public final class StandaloneLeaderElection extends AbstractLeaderElection {

    public StandaloneLeaderElection(String name, String identity) {
        super(name, identity);
    }

    @Override
    public void start() {
        leadership.set(true);
    }

    @Override
    public void stop() {
        leadership.set(false);
    }
}
