package com.litper.common.queue;

import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out how attempts end: a success is queued for completion with the next claim, a failure
 * is retried, dead-lettered or deferred as the {@link FailurePolicy} decides, a hand-back returns
 * the task to its ready list; the listener hears each. When Redis cannot be told, the task's lease
 * is left to run out, and the task runs again (at-least-once).
 */
final class AttemptOutcomes {

    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);
    private static final int MAX_ERROR_LENGTH = 2000;

    private final String workerName;
    private final TaskStore store;
    private final Clock clock;
    private final FailurePolicy policy;
    private final TaskListener listener;
    private final Completions completions;

    AttemptOutcomes(String workerName, TaskStore store, Clock clock, FailurePolicy policy, TaskListener listener,
            Completions completions) {
        this.workerName = workerName;
        this.store = store;
        this.clock = clock;
        this.policy = policy;
        this.listener = listener;
        this.completions = completions;
    }

    String workerName() {
        return workerName;
    }

    void started(Attempt attempt, long startMillis) {
        Task task = attempt.task();
        listener.started(attempt.queue(), task, Duration.ofMillis(Math.max(0, startMillis - task.enqueuedAt().toEpochMilli())));
    }

    void succeeded(Attempt attempt, Duration ran) {
        completions.add(attempt.queue(), attempt.lease());
        listener.succeeded(attempt.queue(), attempt.task(), ran);
    }

    void failed(Attempt attempt, Throwable error, Duration ran) {
        Task task = attempt.task();
        FailurePolicy.Decision decision = policy.decide(task, error);
        switch (decision.kind()) {
            case DEFER -> {
                // Not a failure: the same attempt runs again after the delay the handler asked for.
                try {
                    store.retryLater(attempt.queue(), attempt.lease(), task.attempt(),
                            clock.millis() + decision.delay().toMillis());
                } catch (RuntimeException e) {
                    log.warn("{} could not defer task {}; it runs again when its lease ends: {}", workerName, task.id(), e.getMessage());
                }
                TaskContext.run(task, () -> log.debug("Task {} ({}) deferred by {}: {}", task.id(), task.type(), decision.delay(),
                        error.getMessage()));
                return;
            }
            case RETRY -> {
                try {
                    store.retryLater(attempt.queue(), attempt.lease(), task.attempt() + 1,
                            clock.millis() + decision.delay().toMillis());
                } catch (RuntimeException e) {
                    log.warn("{} could not record the failure of task {}; it runs again when its lease ends: {}", workerName, task.id(), e.getMessage());
                }
                TaskContext.run(task, () -> log.warn("Task {} ({}) attempt {} failed, retrying in {}: {}", task.id(), task.type(),
                        task.attempt(), decision.delay(), describe(error)));
            }
            case DEAD_LETTER -> {
                try {
                    store.deadLetter(attempt.queue(), attempt.lease(), task.id(), describe(error), clock.millis());
                } catch (RuntimeException e) {
                    log.warn("{} could not record the failure of task {}; it runs again when its lease ends: {}", workerName, task.id(), e.getMessage());
                }
                TaskContext.run(task, () -> log.error("Task {} ({}) attempt {} failed, moved to the dead letters: {}", task.id(),
                        task.type(), task.attempt(), describe(error)));
            }
        }
        listener.failed(attempt.queue(), task, ran, error, decision.asRetryDecision());
    }

    void handedBack(Attempt attempt) {
        Task task = attempt.task();
        try {
            store.handBack(attempt.queue(), attempt.lease(), task.priority());
            listener.handedBack(attempt.queue(), task);
        } catch (RuntimeException e) {
            log.warn("{} could not hand back task {}; it runs again when its lease ends: {}", workerName, task.id(), e.getMessage());
        }
    }

    void leaseLost(Attempt attempt, TaskListener.LeaseLoss cause, boolean started) {
        Task task = attempt.task();
        TaskContext.run(task, () -> log.warn("{} lost the lease of task {} ({}) attempt {} ({}); {}", workerName, task.id(), task.type(),
                task.attempt(), cause == TaskListener.LeaseLoss.TAKEN ? "it is gone from Redis or someone else's"
                        : "it could not be renewed in time", started ? "the handler was interrupted and its outcome will not be reported"
                        : "it will not start"));
        listener.leaseLost(attempt.queue(), task, cause, started);
    }

    /** A leased task this worker cannot even decode goes to the dead letters at once, under {@code id}. */
    void undecodable(String queue, String lease, String id, RuntimeException error) {
        log.error("{} leased an undecodable task in queue {}; dead-lettering it: {}", workerName, queue, error.getMessage());
        try {
            store.deadLetter(queue, lease, id, error.getMessage(), clock.millis());
        } catch (RuntimeException deadLetterFailure) {
            log.warn("{} could not dead-letter the undecodable task; it comes back when its lease ends", workerName);
        }
    }

    static String describe(Throwable error) {
        String text = error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
