package com.litper.analytics.feed;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Group commit for callers on many threads that each have one row to make durable: a caller hands
 * its row over and returns only when the transaction holding it committed (or throws when it did
 * not), and the rows that arrived while a commit was in progress go together in the next one.
 *
 * <p>Hand-written because neither pgjdbc nor Spring has it: a JDBC batch and Spring's
 * {@code batchUpdate} group the rows of one caller, but here every row belongs to a different task
 * on a different worker thread, and each task may be acknowledged only after its own row committed.
 * With durable commits (fsync, {@code synchronous_commit} on) one commit per row is bounded by the
 * disk's flushes; one commit for the rows waiting at that moment is not.
 *
 * <p>There is no batching window and no thread of its own: a caller that finds fewer than
 * {@code writers} batches in progress writes at once, taking the rows waiting, oldest first, at most
 * {@code maxBatch} (its own among them, or in a later batch); the others wait on this object's monitor and one of them takes
 * the next batch as soon as a writer finishes. So a lone row is written without delay, and rows only
 * wait for a commit that is already in progress. At most {@code writers} batches (connections) are
 * in progress at once, whatever the number of callers.
 *
 * <p>A batch that fails is written again row by row, each in its own transaction, so that one bad
 * row fails its own caller only; unless {@code wholeBatchFailure} says the failure is not the rows'
 * (the database unreachable), then every caller of the batch fails at once and their tasks retry.
 *
 * @param <R> a row
 */
final class GroupCommit<R> {

    /** Writes rows in one transaction and commits them; answers, per row, whether it inserted anything. */
    @FunctionalInterface
    interface Writer<R> {
        List<Boolean> write(List<R> rows);
    }

    private final Writer<R> writer;
    private final int maxBatch;
    private final int writers;
    private final long maxWaitNanos;
    private final Predicate<RuntimeException> wholeBatchFailure;

    /** Rows handed over and not yet taken by a writer, oldest first; guarded by {@code this}. */
    private final ArrayDeque<Pending<R>> waiting = new ArrayDeque<>();
    /** Batches being written; guarded by {@code this}. */
    private int writing;

    GroupCommit(Writer<R> writer, int maxBatch, int writers, Duration maxWait, Predicate<RuntimeException> wholeBatchFailure) {
        if (maxBatch < 1 || writers < 1) {
            throw new IllegalArgumentException("maxBatch and writers must be at least 1");
        }
        this.writer = Objects.requireNonNull(writer);
        this.maxBatch = maxBatch;
        this.writers = writers;
        this.maxWaitNanos = maxWait.toNanos();
        this.wholeBatchFailure = Objects.requireNonNull(wholeBatchFailure);
    }

    /**
     * Writes {@code row} and returns once it committed: true when it inserted a row, false when it
     * was there already. Throws what writing it threw (it is then not committed, or committed by a
     * batch whose answer got lost: a repeat inserts nothing), or {@link IllegalStateException} when no
     * writer took it within the maximum wait.
     */
    boolean commit(R row) {
        Pending<R> mine = new Pending<>(row);
        long deadline = System.nanoTime() + maxWaitNanos;
        boolean interrupted = false;
        synchronized (this) {
            waiting.addLast(mine);
        }
        try {
            while (true) {
                List<Pending<R>> batch;
                synchronized (this) {
                    while (!mine.done && (writing >= writers || waiting.isEmpty())) {
                        long left = deadline - System.nanoTime();
                        if (!mine.taken && (left <= 0 || interrupted)) {
                            waiting.remove(mine);
                            throw interrupted
                                    ? new IllegalStateException("interrupted before its event was written; nothing recorded")
                                    : new IllegalStateException("no writer took the event within " + Duration.ofNanos(maxWaitNanos)
                                            + "; nothing recorded");
                        }
                        try {
                            // A row already taken waits for its batch's end however long: the batch is bounded by the statement timeout.
                            if (mine.taken) {
                                wait();
                            } else {
                                wait(Math.max(1, left / 1_000_000));
                            }
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        return mine.result();
                    }
                    writing++;
                    batch = new ArrayList<>(Math.min(maxBatch, waiting.size()));
                    while (batch.size() < maxBatch && !waiting.isEmpty()) {
                        Pending<R> next = waiting.pollFirst();
                        next.taken = true;
                        batch.add(next);
                    }
                }
                try {
                    write(batch);
                } finally {
                    synchronized (this) {
                        writing--;
                        notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writes a batch and settles every row of it, whatever happens. */
    private void write(List<Pending<R>> batch) {
        try {
            List<Boolean> inserted = writer.write(rows(batch));
            settle(batch, inserted);
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1 || wholeBatchFailure.test(batchFailure)) {
                for (Pending<R> pending : batch) {
                    fail(pending, batchFailure);
                }
                return;
            }
            // One row (or more) the database refuses: find which, the others commit on their own.
            for (int i = 0; i < batch.size(); i++) {
                Pending<R> pending = batch.get(i);
                try {
                    settle(List.of(pending), writer.write(List.of(pending.row)));
                } catch (RuntimeException rowFailure) {
                    fail(pending, rowFailure);
                    if (wholeBatchFailure.test(rowFailure)) {
                        for (Pending<R> rest : batch.subList(i + 1, batch.size())) {
                            fail(rest, rowFailure);
                        }
                        return;
                    }
                }
            }
        } catch (Error error) {
            for (Pending<R> pending : batch) {
                fail(pending, new IllegalStateException("writing the batch failed", error));
            }
            throw error;
        }
    }

    private void settle(List<Pending<R>> batch, List<Boolean> inserted) {
        if (inserted.size() != batch.size()) {
            IllegalStateException wrong = new IllegalStateException("the writer answered " + inserted.size() + " results for " + batch.size() + " rows");
            for (Pending<R> pending : batch) {
                fail(pending, wrong);
            }
            return;
        }
        synchronized (this) {
            for (int i = 0; i < batch.size(); i++) {
                Pending<R> pending = batch.get(i);
                pending.inserted = inserted.get(i);
                pending.done = true;
            }
        }
    }

    private synchronized void fail(Pending<R> pending, RuntimeException failure) {
        if (!pending.done) {
            pending.failure = failure;
            pending.done = true;
        }
    }

    /** Rows waiting for a writer now (for tests and metrics). */
    synchronized int waitingCount() {
        return waiting.size();
    }

    private static <R> List<R> rows(List<Pending<R>> batch) {
        List<R> rows = new ArrayList<>(batch.size());
        for (Pending<R> pending : batch) {
            rows.add(pending.row);
        }
        return rows;
    }

    /** One caller's row; its fields are guarded by the {@link GroupCommit}'s monitor. */
    private static final class Pending<R> {
        final R row;
        boolean taken;
        boolean done;
        boolean inserted;
        RuntimeException failure;

        Pending(R row) {
            this.row = row;
        }

        boolean result() {
            if (failure != null) {
                // A new exception on the caller's thread, so its stack shows where the caller was; the writer's is its cause.
                throw new EventNotRecordedException(failure);
            }
            return inserted;
        }
    }

    /** The caller's row was not committed (or its commit's answer was lost); the cause says why. */
    static final class EventNotRecordedException extends RuntimeException {
        EventNotRecordedException(RuntimeException cause) {
            super("event not recorded: " + cause.getMessage(), cause);
        }
    }
}
