package com.litper.common.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Leases of attempts that succeeded, per named queue, waiting to be ended in Redis by the worker's
 * next claim round trip: completing rides along with leasing instead of costing a round trip of its
 * own.
 */
final class Completions {

    private final Map<String, Queue<String>> byQueue = new ConcurrentHashMap<>();

    Completions(List<String> queues) {
        for (String queue : queues) {
            byQueue.put(queue, new ConcurrentLinkedQueue<>());
        }
    }

    void add(String queue, String lease) {
        byQueue.get(queue).add(lease);
    }

    /** Takes every pending completion of {@code queue}. */
    List<String> drain(String queue) {
        Queue<String> pending = byQueue.get(queue);
        List<String> drained = new ArrayList<>();
        for (String lease; (lease = pending.poll()) != null; ) {
            drained.add(lease);
        }
        return drained;
    }

    /** Puts back completions that did not reach Redis: completing twice is harmless, losing one reruns the task. */
    void restore(String queue, List<String> leases) {
        byQueue.get(queue).addAll(leases);
    }
}
