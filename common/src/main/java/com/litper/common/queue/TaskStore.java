package com.litper.common.queue;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The queue's state transitions on Redis, one Lua script each (see {@code lua/}), plus the reads
 * operators and metrics need. Every method names its queue; keys come from {@link QueueKeys}.
 */
final class TaskStore {

    /** Tasks per enqueue script call: big enough to amortise the round trip, small enough not to stall Redis. */
    static final int ENQUEUE_CHUNK = 500;

    /**
     * Leases per extendLeases call. Redis's cost per lease grows with the size of the call (measured
     * on Redis 6.2: about 3 µs a lease in calls of 100, 14 µs in one call of 1,000), and a long script
     * holds up every other client, so a big worker's heartbeat goes out as several short calls.
     */
    static final int RENEWAL_CHUNK = 100;

    /**
     * How long a worker's wait for a CRITICAL task is trusted without being renewed: an enqueue
     * drops older waits (the worker may be gone) instead of pushing a task to them. Workers renew
     * theirs every {@link #WAITER_RENEWAL_MILLIS}.
     */
    static final long WAITER_TRUST_MILLIS = 10_000;
    static final long WAITER_RENEWAL_MILLIS = 2_000;

    private static final LuaScript ENQUEUE = LuaScript.load("enqueue-8");
    private static final LuaScript CLAIM_NEXT = LuaScript.load("claimNext-6");
    private static final LuaScript RETRY_LATER = LuaScript.load("retryLater-2");
    private static final LuaScript DEAD_LETTER = LuaScript.load("deadLetter-4");
    private static final LuaScript HAND_BACK = LuaScript.load("handBack-2");
    private static final LuaScript EXTEND_LEASES = LuaScript.load("extendLeases-1");
    private static final LuaScript RECLAIM_EXPIRED = LuaScript.load("reclaimExpired-9");
    private static final LuaScript REPLAY_DEAD_LETTERS = LuaScript.load("replayDeadLetters-7");
    private static final LuaScript PURGE_DEAD_LETTERS = LuaScript.load("purgeDeadLetters-3");
    private static final LuaScript TRIM_DEAD_LETTERS = LuaScript.load("trimDeadLetters-3");

    private final RedisConnector redis;
    private final Map<String, QueueKeys> keys = new ConcurrentHashMap<>();

    TaskStore(RedisConnector redis) {
        this.redis = redis;
    }

    QueueKeys keys(String queue) {
        return keys.computeIfAbsent(queue, QueueKeys::new);
    }

    /** A task ready to be written by {@link #enqueue}. */
    record NewTask(String id, String encoded, TaskPriority priority, long dueAtMillis, String dedupKey, long dedupWindowMillis) {
    }

    /** Sends the chunks pipelined and waits for all; returns the ids in order (earlier ids for duplicates). */
    List<String> enqueue(String queue, List<NewTask> tasks, long nowMillis) {
        return await(enqueue(redis.commands(), queue, tasks, nowMillis));
    }

    /** Sends the chunks pipelined on {@code connection}; completes with the ids in order. */
    CompletableFuture<List<String>> enqueue(RedisClusterAsyncCommands<String, String> connection, String queue, List<NewTask> tasks,
            long nowMillis) {
        QueueKeys k = keys(queue);
        String[] scriptKeys = {k.ready(TaskPriority.CRITICAL), k.ready(TaskPriority.HIGH), k.ready(TaskPriority.NORMAL),
                k.ready(TaskPriority.LOW), k.delayed(), k.dedupPrefix(), k.criticalWaiters(), k.leases()};
        List<CompletableFuture<List<Object>>> chunks = new ArrayList<>();
        List<List<NewTask>> chunkTasks = new ArrayList<>();
        for (int from = 0; from < tasks.size(); from += ENQUEUE_CHUNK) {
            List<NewTask> chunk = tasks.subList(from, Math.min(tasks.size(), from + ENQUEUE_CHUNK));
            chunkTasks.add(chunk);
            chunks.add(ENQUEUE.run(connection, ScriptOutputType.MULTI, scriptKeys, enqueueArgs(k, chunk, nowMillis)));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<String> ids = new ArrayList<>(tasks.size());
            for (int c = 0; c < chunks.size(); c++) {
                List<Object> reply = chunks.get(c).join();
                if (reply.isEmpty()) {
                    // A chunk of plain tasks: each is added under its own id.
                    chunkTasks.get(c).forEach(task -> ids.add(task.id()));
                } else {
                    reply.forEach(id -> ids.add((String) id));
                }
            }
            return ids;
        });
    }

    /**
     * The enqueue script's arguments for one chunk (see enqueue-8.lua): a chunk whose tasks are all
     * plain — ready now, without a de-duplication key — goes as encoded tasks grouped by priority,
     * which Redis pushes without work per task; any other chunk goes as six values per task, so the
     * order within a priority stays the order given.
     */
    private static String[] enqueueArgs(QueueKeys k, List<NewTask> chunk, long nowMillis) {
        boolean plain = true;
        int[] counts = new int[4];
        for (NewTask task : chunk) {
            plain &= (task.dedupKey() == null || task.dedupKey().isEmpty()) && task.dueAtMillis() <= nowMillis;
            counts[task.priority().code()]++;
        }
        String[] args = new String[7 + chunk.size() * (plain ? 1 : 6)];
        args[0] = Long.toString(nowMillis);
        args[1] = k.wakeChannel();
        args[6] = Long.toString(nowMillis - WAITER_TRUST_MILLIS);
        int i = 7;
        if (plain) {
            for (int code = 0; code < 4; code++) {
                args[2 + code] = Integer.toString(counts[code]);
                for (NewTask task : chunk) {
                    if (task.priority().code() == code) {
                        args[i++] = task.encoded();
                    }
                }
            }
            return args;
        }
        for (int code = 0; code < 4; code++) {
            args[2 + code] = "0";
        }
        for (NewTask task : chunk) {
            args[i++] = task.id();
            args[i++] = task.encoded();
            args[i++] = Integer.toString(task.priority().code());
            args[i++] = Long.toString(task.dueAtMillis() > nowMillis ? task.dueAtMillis() : 0);
            args[i++] = task.dedupKey() == null ? "" : task.dedupKey();
            args[i++] = Long.toString(task.dedupWindowMillis());
        }
        return args;
    }

    /**
     * What one {@link #claimNext} call brought: leased tasks, each with the name of its lease (what
     * the worker hands back to end it), and when the earliest delayed task falls due.
     */
    record Claimed(List<String> tasks, long nextDueMillis) {
        static final long NONE_DUE = Long.MAX_VALUE;
        /** {@link #nextDueMillis} when the delayed set was not looked at. */
        static final long NOT_LOOKED = Long.MIN_VALUE;
    }

    /**
     * Ends the {@code completed} leases, then — when {@code lookAtDelayed} — moves due delayed tasks
     * to their ready lists, then leases up to {@code max} ready tasks in the order of
     * {@code priorityCodes}, of which at most {@code maxOthers} other than CRITICAL.
     */
    Claimed claimNext(String queue, String priorityCodes, int max, int maxOthers, long[] leaseMillis, boolean lookAtDelayed,
            List<String> completed, long nowMillis) {
        return await(claimNextAsync(queue, priorityCodes, max, maxOthers, leaseMillis, lookAtDelayed, completed, nowMillis));
    }

    /** {@link #claimNext} with no separate limit on tasks other than CRITICAL. */
    Claimed claimNext(String queue, String priorityCodes, int max, long[] leaseMillis, boolean lookAtDelayed, List<String> completed,
            long nowMillis) {
        return claimNext(queue, priorityCodes, max, max, leaseMillis, lookAtDelayed, completed, nowMillis);
    }

    /** {@link #claimNext}, sent now; completes when Redis answers. */
    CompletableFuture<Claimed> claimNextAsync(String queue, String priorityCodes, int max, int maxOthers, long[] leaseMillis,
            boolean lookAtDelayed, List<String> completed, long nowMillis) {
        QueueKeys k = keys(queue);
        String[] scriptKeys = {k.ready(TaskPriority.CRITICAL), k.ready(TaskPriority.HIGH), k.ready(TaskPriority.NORMAL),
                k.ready(TaskPriority.LOW), k.delayed(), k.leases()};
        String[] args = new String[9 + completed.size()];
        args[0] = Long.toString(nowMillis);
        args[1] = Integer.toString(max);
        args[2] = priorityCodes;
        for (int i = 0; i < 4; i++) {
            args[3 + i] = Long.toString(leaseMillis[i]);
        }
        args[7] = lookAtDelayed ? "1" : "0";
        args[8] = Integer.toString(Math.min(max, maxOthers));
        for (int i = 0; i < completed.size(); i++) {
            args[9 + i] = completed.get(i);
        }
        return CLAIM_NEXT.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI, scriptKeys, args).thenApply(reply -> {
            String nextDue = (String) reply.get(0);
            List<String> tasks = new ArrayList<>(reply.size() - 1);
            for (int i = 1; i < reply.size(); i++) {
                tasks.add((String) reply.get(i));
            }
            long due = nextDue.equals("?") ? Claimed.NOT_LOOKED : nextDue.isEmpty() ? Claimed.NONE_DUE : (long) Double.parseDouble(nextDue);
            return new Claimed(tasks, due);
        });
    }

    /**
     * Says (again) that the worker behind {@code waiter} — {@code <push channel>|<CRITICAL lease ms>}
     * — waits with its CRITICAL slot free; not waiting for the answer.
     */
    CompletableFuture<Long> waitForCritical(String queue, String waiter, long nowMillis) {
        return redis.commands().zadd(keys(queue).criticalWaiters(), (double) nowMillis, waiter).toCompletableFuture();
    }

    /** The worker behind {@code waiter} no longer waits for CRITICAL tasks. */
    CompletableFuture<Long> stopWaitingForCritical(String queue, String waiter) {
        return redis.commands().zrem(keys(queue).criticalWaiters(), waiter).toCompletableFuture();
    }

    /** Ends {@code lease}; its task runs again as attempt {@code nextAttempt} at {@code dueAtMillis}. */
    boolean retryLater(String queue, String lease, int nextAttempt, long dueAtMillis) {
        QueueKeys k = keys(queue);
        Long moved = await(RETRY_LATER.<Long>run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {k.leases(), k.delayed()},
                new String[] {lease, Integer.toString(nextAttempt), Long.toString(dueAtMillis), k.wakeChannel()}));
        return moved == 1L;
    }

    /** Ends {@code lease}; its task becomes the dead letter {@code id} with {@code error}. */
    boolean deadLetter(String queue, String lease, String id, String error, long nowMillis) {
        QueueKeys k = keys(queue);
        Long moved = await(DEAD_LETTER.<Long>run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {k.leases(), k.dead(), k.deadTasks(), k.deadErrors()},
                new String[] {lease, id, error, Long.toString(nowMillis)}));
        return moved == 1L;
    }

    /** Ends {@code lease}; its task goes to the head of its ready list. */
    boolean handBack(String queue, String lease, TaskPriority priority) {
        QueueKeys k = keys(queue);
        Long moved = await(HAND_BACK.<Long>run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {k.leases(), k.ready(priority)}, new String[] {lease, k.wakeChannel()}));
        return moved == 1L;
    }

    /**
     * One lease to extend: its name, the earliest and latest deadline the worker may have written for
     * it (a renewal whose reply never came may or may not have been applied), and the new deadline.
     */
    record Renewal(String lease, long earliestDeadlineMillis, long latestDeadlineMillis, long newDeadlineMillis) {
    }

    /**
     * Extends the leases the worker still holds; completes with the leases not extended, because
     * they were ended, reclaimed, taken by another delivery or had already run out at
     * {@code nowMillis}. One script call per {@link #RENEWAL_CHUNK} leases, all sent at once, so a
     * heartbeat is one round trip. Asynchronous so that a worker's renewals for several named queues
     * go out together too; wait with {@link #await(CompletableFuture, Duration)}.
     */
    CompletableFuture<Set<String>> extendLeases(String queue, List<Renewal> renewals, long nowMillis) {
        String[] scriptKeys = {keys(queue).leases()};
        List<CompletableFuture<List<Object>>> chunks = new ArrayList<>();
        for (int from = 0; from < renewals.size(); from += RENEWAL_CHUNK) {
            List<Renewal> chunk = renewals.subList(from, Math.min(renewals.size(), from + RENEWAL_CHUNK));
            String[] args = new String[1 + 4 * chunk.size()];
            args[0] = Long.toString(nowMillis);
            int i = 1;
            for (Renewal renewal : chunk) {
                args[i++] = renewal.lease();
                args[i++] = Long.toString(renewal.earliestDeadlineMillis());
                args[i++] = Long.toString(renewal.latestDeadlineMillis());
                args[i++] = Long.toString(renewal.newDeadlineMillis());
            }
            chunks.add(EXTEND_LEASES.run(redis.commands(), ScriptOutputType.MULTI, scriptKeys, args));
        }
        return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new)).thenApply(done -> {
            Set<String> lost = new HashSet<>();
            for (CompletableFuture<List<Object>> chunk : chunks) {
                chunk.join().forEach(lease -> lost.add((String) lease));
            }
            return lost;
        });
    }

    /** What one {@link #reclaimExpired} call did, and where the next one goes on. */
    record Reclaimed(long requeued, long deadLettered, String cursor) {
    }

    /**
     * Looks at about {@code limit} leases from {@code cursor} (an HSCAN cursor, "0" to start) and
     * reclaims those past their deadline, with up to {@code limit} legacy ones; a task that used its
     * last attempt — {@code maxAttemptsByType} for its type, else {@code defaultMaxAttempts} —
     * becomes a dead letter.
     */
    Reclaimed reclaimExpired(String queue, int defaultMaxAttempts, Map<String, Integer> maxAttemptsByType, int limit,
            String cursor, long nowMillis) {
        QueueKeys k = keys(queue);
        String[] args = new String[5 + 2 * maxAttemptsByType.size()];
        args[0] = Long.toString(nowMillis);
        args[1] = Integer.toString(defaultMaxAttempts);
        args[2] = Integer.toString(limit);
        args[3] = k.wakeChannel();
        args[4] = cursor;
        int i = 5;
        for (Map.Entry<String, Integer> type : maxAttemptsByType.entrySet()) {
            args[i++] = type.getKey();
            args[i++] = Integer.toString(type.getValue());
        }
        List<Object> reply = await(RECLAIM_EXPIRED.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI,
                new String[] {k.ready(TaskPriority.CRITICAL), k.ready(TaskPriority.HIGH), k.ready(TaskPriority.NORMAL),
                        k.ready(TaskPriority.LOW), k.leases(), k.legacyActive(), k.dead(), k.deadTasks(), k.deadErrors()}, args));
        return new Reclaimed((Long) reply.get(0), (Long) reply.get(1), (String) reply.get(2));
    }

    long replayDeadLetters(String queue, List<String> ids) {
        QueueKeys k = keys(queue);
        String[] args = new String[1 + ids.size()];
        args[0] = k.wakeChannel();
        for (int i = 0; i < ids.size(); i++) {
            args[1 + i] = ids.get(i);
        }
        return await(REPLAY_DEAD_LETTERS.<Long>run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {k.ready(TaskPriority.CRITICAL), k.ready(TaskPriority.HIGH), k.ready(TaskPriority.NORMAL),
                        k.ready(TaskPriority.LOW), k.dead(), k.deadTasks(), k.deadErrors()}, args));
    }

    long purgeDeadLetters(String queue, List<String> ids) {
        QueueKeys k = keys(queue);
        return await(PURGE_DEAD_LETTERS.<Long>run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {k.dead(), k.deadTasks(), k.deadErrors()}, ids.toArray(String[]::new)));
    }

    /**
     * Deletes, at most {@code limit} in all, the dead letters that died before {@code cutoffMillis},
     * then the oldest beyond {@code maxCount}.
     */
    DeadLetterRetention.Trimmed trimDeadLetters(String queue, long cutoffMillis, long maxCount, int limit) {
        QueueKeys k = keys(queue);
        List<Object> reply = await(TRIM_DEAD_LETTERS.<List<Object>>run(redis.commands(), ScriptOutputType.MULTI,
                new String[] {k.dead(), k.deadTasks(), k.deadErrors()},
                new String[] {Long.toString(cutoffMillis), Long.toString(maxCount), Integer.toString(limit)}));
        return new DeadLetterRetention.Trimmed((Long) reply.get(0), (Long) reply.get(1));
    }

    /** Dead letters oldest first, from {@code offset}, at most {@code limit}. */
    List<DeadLetter> deadLetters(String queue, long offset, int limit) {
        QueueKeys k = keys(queue);
        RedisClusterAsyncCommands<String, String> commands = redis.commands();
        List<ScoredValue<String>> ids = await(commands.zrangeWithScores(k.dead(), offset, offset + limit - 1).toCompletableFuture());
        if (ids.isEmpty()) {
            return List.of();
        }
        String[] fields = ids.stream().map(ScoredValue::getValue).toArray(String[]::new);
        var tasks = await(commands.hmget(k.deadTasks(), fields).toCompletableFuture());
        var errors = await(commands.hmget(k.deadErrors(), fields).toCompletableFuture());
        List<DeadLetter> letters = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (tasks.get(i).hasValue()) {
                letters.add(new DeadLetter(TaskCodec.decode(tasks.get(i).getValue()),
                        Instant.ofEpochMilli((long) ids.get(i).getScore()), errors.get(i).getValueOrElse("")));
            }
        }
        return letters;
    }

    long deadLetterCount(String queue) {
        return await(redis.commands().zcard(keys(queue).dead()).toCompletableFuture());
    }

    long readyCount(String queue, TaskPriority priority) {
        return await(redis.commands().llen(keys(queue).ready(priority)).toCompletableFuture());
    }

    long delayedCount(String queue) {
        return await(redis.commands().zcard(keys(queue).delayed()).toCompletableFuture());
    }

    /** Leases held now, counting those of the previous version's workers still in the legacy set. */
    long leaseCount(String queue) {
        QueueKeys k = keys(queue);
        CompletableFuture<Long> leases = redis.commands().hlen(k.leases()).toCompletableFuture();
        CompletableFuture<Long> legacy = redis.commands().zcard(k.legacyActive()).toCompletableFuture();
        return await(leases) + await(legacy);
    }

    RedisConnector redis() {
        return redis;
    }

    private <T> T await(CompletableFuture<T> future) {
        return await(future, redis.commandTimeout());
    }

    /** The result of a command, waiting at most {@code timeout} (less than the command timeout when the caller cannot wait that long). */
    static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("Interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            throw new QueueUnavailableException("Redis command failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new QueueUnavailableException("Redis did not answer within " + timeout, e);
        }
    }
}
