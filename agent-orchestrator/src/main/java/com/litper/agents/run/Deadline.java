package com.litper.agents.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The one deadline of a run: every model call, tool call and retry fits before it. */
record Deadline(Instant at, Clock clock) {

    static Deadline after(Duration budget, Clock clock) {
        return new Deadline(clock.instant().plus(budget), clock);
    }

    /** Time left; zero or negative once it passed. */
    Duration remaining() {
        return Duration.between(clock.instant(), at);
    }

    /** Whether {@code wait} still leaves time for a call after it. */
    boolean allows(Duration wait) {
        return remaining().minus(wait).compareTo(Duration.ofMillis(500)) > 0;
    }
}
