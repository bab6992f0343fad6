package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.TaskQueue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * Operator endpoint for dead letters ({@code /actuator/deadletters}, documented in docs/queue.md):
 * <ul>
 *   <li>{@code GET /actuator/deadletters}: dead letters per known queue;</li>
 *   <li>{@code GET /actuator/deadletters/{queue}?offset=0&limit=50}: the dead letters, oldest first, with their last errors;</li>
 *   <li>{@code POST /actuator/deadletters/{queue}} with {@code {"ids": "a,b"}} (or no ids for all): replay;</li>
 *   <li>{@code DELETE /actuator/deadletters/{queue}?ids=a,b} (or no ids for all): purge.</li>
 * </ul>
 */
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {

    private static final int MAX_LIMIT = 500;

    private final TaskQueue queue;
    private final Set<String> knownQueues;

    public DeadLettersEndpoint(TaskQueue queue, Set<String> knownQueues) {
        this.queue = queue;
        this.knownQueues = knownQueues;
    }

    /** Dead letters per known queue. */
    public record Summary(Map<String, Long> queues) {
    }

    /** One page of a queue's dead letters. */
    public record Page(String queue, long total, long offset, List<DeadLetter> deadLetters) {
    }

    /** The outcome of a replay or purge. */
    public record Outcome(String queue, String action, long count) {
    }

    @ReadOperation
    public Summary summary() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String name : knownQueues) {
            counts.put(name, queue.deadLetterCount(name));
        }
        return new Summary(counts);
    }

    @ReadOperation
    public Page list(@Selector String queueName, @Nullable Long offset, @Nullable Integer limit) {
        long from = offset == null ? 0 : Math.max(0, offset);
        int size = limit == null ? 50 : Math.max(1, Math.min(MAX_LIMIT, limit));
        return new Page(queueName, queue.deadLetterCount(queueName), from, queue.deadLetters(queueName, from, size));
    }

    @WriteOperation
    public Outcome replay(@Selector String queueName, @Nullable String ids) {
        List<String> selected = split(ids);
        long count = selected.isEmpty() ? queue.replayAllDeadLetters(queueName) : queue.replayDeadLetters(queueName, selected);
        return new Outcome(queueName, "replayed", count);
    }

    @DeleteOperation
    public Outcome purge(@Selector String queueName, @Nullable String ids) {
        List<String> selected = split(ids);
        long count = selected.isEmpty() ? queue.purgeAllDeadLetters(queueName) : queue.purgeDeadLetters(queueName, selected);
        return new Outcome(queueName, "purged", count);
    }

    private static List<String> split(@Nullable String ids) {
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        return Arrays.stream(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty()).toList();
    }
}
