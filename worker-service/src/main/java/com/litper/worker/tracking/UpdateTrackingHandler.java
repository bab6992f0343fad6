package com.litper.worker.tracking;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.contracts.UpdateTracking;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.Tasks;
import com.litper.worker.carrier.CarrierClient;
import com.litper.worker.carrier.CarrierEvent;
import com.litper.worker.config.CarrierApiProperties;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Polls a carrier for a shipment's events (a carrier without webhooks, or a webhook carrier's
 * shipment that went quiet) and hands each one to tracking-service
 * as a {@link com.litper.common.contracts.CarrierEvent} task. The contract's de-duplication key,
 * {@code carrier:<carrier>:<eventId>}, keeps two polls from queueing the same event again within the
 * window; tracking-service applies an event once whichever way it came (webhook or poll).
 */
@Component
class UpdateTrackingHandler implements ContractHandler<UpdateTracking> {

    private final CarrierClient carriers;
    private final Tasks tasks;
    private final CarrierApiProperties properties;
    private final CarrierRegistry registry;

    UpdateTrackingHandler(CarrierClient carriers, Tasks tasks, CarrierApiProperties properties, CarrierRegistry registry) {
        this.carriers = carriers;
        this.tasks = tasks;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public Class<UpdateTracking> contract() {
        return UpdateTracking.class;
    }

    @Override
    public void handle(UpdateTracking poll, Task task) {
        if (registry.carrier(poll.carrier()).isEmpty()) {
            throw new IllegalArgumentException("update_tracking payload needs a known carrier " + registry.codes()
                    + ", was '" + poll.carrier() + "'");
        }
        List<CarrierEvent> events = carriers.events(poll.carrier(), poll.trackingNumber());
        if (events.isEmpty()) {
            return;
        }
        // A poll returns the whole history every time: the key, not this handler, keeps old events from repeating.
        tasks.sendRequests(events.stream().map(event -> {
            com.litper.common.contracts.CarrierEvent payload = new com.litper.common.contracts.CarrierEvent(poll.carrier(),
                    new com.litper.common.contracts.CarrierEvent.Event(event.eventId(), event.trackingNumber(), event.status(),
                            event.occurredAt(), event.description(), event.reason(), event.cashCollected()));
            return tasks.request(payload).deduplicatedBy(payload.dedupKey(), properties.eventDedupWindow());
        }).toList());
    }
}
