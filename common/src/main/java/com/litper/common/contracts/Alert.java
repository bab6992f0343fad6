package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;

/**
 * Something needs an operator (a carrier's circuit opened, dead letters piling up…). Produced by
 * worker-service ({@code CircuitOpenAlerts}, de-duplicated per carrier and minute by the caller);
 * consumed by worker-service ({@code AlertHandler}), which writes one structured log line routed to
 * the on-call channel.
 *
 * @param severity {@code critical}, {@code warning} or {@code info}; anything else means warning
 * @param source what raised it, e.g. {@code carrier:coordinadora}; null means unknown
 * @param message what happened and what it affects
 */
@TaskContract(name = "alert", queue = "worker", priority = TaskPriority.CRITICAL)
public record Alert(String severity, String source, @NotBlank String message)
        implements TaskPayload {
}
