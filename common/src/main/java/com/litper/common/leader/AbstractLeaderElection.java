package com.litper.common.leader;

/** What every election keeps the same way: its name, this candidate's identity and its leadership. */
abstract class AbstractLeaderElection implements LeaderElection {

    protected final String name;
    protected final String identity;
    protected final Leadership leadership;

    AbstractLeaderElection(String name, String identity) {
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
}
