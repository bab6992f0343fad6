package com.litper.common.leader;

/**
 * Always leader once started: for a service that runs as a single instance (locally, in tests).
 * Never use it with more than one replica: every replica would run the singleton work.
 */
public final class StandaloneLeaderElection implements LeaderElection {

    private final Leadership leadership;
    private final String name;
    private final String identity;

    public StandaloneLeaderElection(String name, String identity) {
        this.name = name;
        this.identity = identity;
        this.leadership = new Leadership(name, identity);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public boolean isLeader() {
        return leadership.isLeader();
    }

    @Override
    public void addListener(LeadershipListener listener) {
        leadership.addListener(listener);
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
