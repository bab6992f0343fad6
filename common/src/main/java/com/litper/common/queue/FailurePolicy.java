package com.litper.common.queue;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What follows an attempt that did not succeed: another attempt after a backoff, the dead letters,
 * or, when the handler deferred the task, the same attempt again later. Pure decisions; the worker
 * carries them out on Redis.
 */
final class FailurePolicy {

    private final RetryPolicy defaultPolicy;
    private final Map<String, RetryPolicy> policiesByType;

    FailurePolicy(RetryPolicy defaultPolicy, Map<String, RetryPolicy> policiesByType) {
        this.defaultPolicy = defaultPolicy;
        this.policiesByType = Map.copyOf(policiesByType);
    }

    /** The retry policy of a task type: its own, or the worker's. */
    RetryPolicy policyFor(String taskType) {
        return policiesByType.getOrDefault(taskType, defaultPolicy);
    }

    /** Attempts a task of each type with its own policy gets (for the lease reaper, which decides in Redis). */
    Map<String, Integer> maxAttemptsByType() {
        return policiesByType.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> e.getValue().maxAttempts()));
    }

    /** Attempts a task of a type without a policy of its own gets. */
    int defaultMaxAttempts() {
        return defaultPolicy.maxAttempts();
    }

    /** What follows {@code task}'s attempt that ended with {@code error} (a timeout included). */
    Decision decide(Task task, Throwable error) {
        if (error instanceof DeferTask deferral) {
            return new Decision(Decision.Kind.DEFER, deferral.delay());
        }
        if (error instanceof PermanentTaskFailure) {
            return Decision.DEAD_LETTER;
        }
        RetryDecision retry = policyFor(task.type()).afterFailedAttempt(task.attempt());
        return retry.retry() ? new Decision(Decision.Kind.RETRY, retry.backoff()) : Decision.DEAD_LETTER;
    }

    /**
     * One decision.
     *
     * @param kind what happens to the task
     * @param delay how long until it runs again (zero for the dead letters)
     */
    record Decision(Kind kind, Duration delay) {

        static final Decision DEAD_LETTER = new Decision(Kind.DEAD_LETTER, Duration.ZERO);

        enum Kind {
            /** Another attempt, numbered one higher, after {@code delay}. */
            RETRY,
            /** No further attempt: the task becomes a dead letter. */
            DEAD_LETTER,
            /** Not a failure: the same attempt runs again after {@code delay}. */
            DEFER
        }

        /** The decision as {@link TaskListener#failed} reports it. */
        RetryDecision asRetryDecision() {
            return kind == Kind.RETRY ? RetryDecision.retryAfter(delay) : RetryDecision.GIVE_UP;
        }
    }
}
