package com.litper.common.leader;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The leader flag and its listeners, shared by every {@link LeaderElection} implementation. */
final class Leadership {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final String name;
    private final String identity;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();

    Leadership(String name, String identity) {
        this.name = name;
        this.identity = identity;
    }

    boolean isLeader() {
        return leader.get();
    }

    void addListener(LeadershipListener listener) {
        listeners.add(listener);
        if (leader.get()) {
            notify(listener, true);
        }
    }

    /** Records the new state and tells the listeners, only when it actually changed. */
    void set(boolean nowLeader) {
        if (leader.compareAndSet(!nowLeader, nowLeader)) {
            log.info("{} {} leadership of {}", identity, nowLeader ? "acquired" : "lost", name);
            listeners.forEach(listener -> notify(listener, nowLeader));
        }
    }

    private void notify(LeadershipListener listener, boolean nowLeader) {
        try {
            listener.leadershipChanged(nowLeader);
        } catch (RuntimeException e) {
            // One failing listener must not keep the others from learning the new state.
            log.error("leadership listener of {} failed", name, e);
        }
    }
}
