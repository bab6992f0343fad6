package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;

/**
 * Poll a carrier without webhooks for one shipment's events. Produced by tracking-service's poller
 * ({@code TrackingPoller}, once per shipment and poll slot, de-duplicated by the caller with the
 * slot); consumed by worker-service ({@code UpdateTrackingHandler}), which sends each event as a
 * {@link CarrierEvent}.
 *
 * @param carrier the carrier's code
 * @param trackingNumber the guide to poll
 * @param shipmentId tracking-service's id of the shipment, carried for its logs
 */
@TaskContract(name = "update_tracking", queue = "worker", priority = TaskPriority.NORMAL)
public record UpdateTracking(@NotBlank String carrier, @NotBlank String trackingNumber, String shipmentId) implements TaskPayload {
}
