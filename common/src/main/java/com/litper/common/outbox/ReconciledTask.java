package com.litper.common.outbox;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A task type whose effect a service waits for, and how it tells from its own tables that the effect
 * has not come back yet. {@link OutboxReconciler} dispatches such a task again when its outbox row
 * was relayed longer ago than {@code litper.reconcile.after} and the effect is still missing.
 *
 * @param taskType the task type of the outbox rows, e.g. {@code process_order}
 * @param stillOpen an SQL condition, true while the effect of the outbox row {@code o} (its
 *     {@code o.payload} is the task's JSON) has not come back, e.g.
 *     {@code EXISTS (SELECT 1 FROM api.orders WHERE id = (o.payload->>'orderId')::uuid AND status = 'CREATED')}
 */
public record ReconciledTask(String taskType, String stillOpen) {

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public ReconciledTask {
        if (!TYPE.matcher(Objects.requireNonNull(taskType, "taskType")).matches()) {
            throw new IllegalArgumentException("Task type must be 1-64 letters, digits or _ . : -, was '" + taskType + "'");
        }
        if (Objects.requireNonNull(stillOpen, "stillOpen").isBlank()) {
            throw new IllegalArgumentException("The condition of " + taskType + " must not be blank");
        }
    }
}
