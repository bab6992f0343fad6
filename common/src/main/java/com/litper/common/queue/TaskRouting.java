package com.litper.common.queue;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which named queue a task type goes to. Each service consumes its own named queue; types without
 * a route go to the default queue.
 *
 * @param defaultQueue queue of types without a route
 * @param routes task type to queue name
 */
public record TaskRouting(String defaultQueue, Map<String, String> routes) {

    public TaskRouting {
        QueueKeys.requireValidName(defaultQueue);
        routes = Map.copyOf(routes);
        routes.values().forEach(QueueKeys::requireValidName);
    }

    /** Every task type goes to {@code queue}. */
    public static TaskRouting single(String queue) {
        return new TaskRouting(queue, Map.of());
    }

    public String queueFor(String taskType) {
        return routes.getOrDefault(taskType, defaultQueue);
    }

    /** The default queue and every route target. */
    public Set<String> queues() {
        Set<String> queues = new LinkedHashSet<>();
        queues.add(defaultQueue);
        queues.addAll(routes.values());
        return queues;
    }
}
