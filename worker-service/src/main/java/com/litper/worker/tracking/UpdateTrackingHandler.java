package com.litper.worker.tracking;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.worker.carrier.CarrierClient;
import com.litper.worker.carrier.CarrierEvent;
import com.litper.worker.config.CarrierProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Polls a carrier without webhooks for a shipment's events and hands each one to tracking-service
 * as a HIGH {@code carrier_event} task. Its de-duplication key is the one the webhook path uses,
 * {@code carrier:<carrier>:<eventId>}, so an event seen by both, or by two polls, is applied once.
 */
@Component
class UpdateTrackingHandler implements TaskHandler {

    static final String TYPE = "update_tracking";
    static final String CARRIER_EVENT = "carrier_event";

    private final JsonMapper json;
    private final CarrierClient carriers;
    private final TaskQueue queue;
    private final CarrierProperties properties;

    UpdateTrackingHandler(JsonMapper json, CarrierClient carriers, TaskQueue queue, CarrierProperties properties) {
        this.json = json;
        this.carriers = carriers;
        this.queue = queue;
        this.properties = properties;
    }

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public void handle(Task task) {
        Poll poll = parse(task.payload());
        List<CarrierEvent> events = carriers.events(poll.carrier(), poll.trackingNumber());
        if (events.isEmpty()) {
            return;
        }
        queue.enqueueAll(events.stream().map(event -> carrierEvent(poll.carrier(), event)).toList());
    }

    private Poll parse(String payload) {
        Poll poll;
        try {
            poll = json.readValue(payload, Poll.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("update_tracking payload is not valid: " + e.getOriginalMessage());
        }
        if (poll.carrier() == null || properties.carrier(poll.carrier()).isEmpty() || poll.trackingNumber() == null
                || poll.trackingNumber().isBlank()) {
            throw new IllegalArgumentException("update_tracking payload needs a known carrier " + properties.carriers().keySet()
                    + " and a trackingNumber, was " + payload);
        }
        return poll;
    }

    private TaskRequest carrierEvent(String carrier, CarrierEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", event.eventId());
        body.put("trackingNumber", event.trackingNumber());
        body.put("status", event.status());
        body.put("occurredAt", event.occurredAt() == null ? null : event.occurredAt().toString());
        body.put("description", event.description());
        body.put("reason", event.reason());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("carrier", carrier);
        payload.put("event", body);
        // A poll returns the whole history every time: the key, not this handler, keeps old events from repeating.
        return TaskRequest.of(CARRIER_EVENT, json.writeValueAsString(payload), TaskPriority.HIGH)
                .deduplicatedBy("carrier:" + carrier + ":" + event.eventId(), properties.eventDedupWindow());
    }

    /**
     * Payload of an {@code update_tracking} task.
     *
     * @param carrier the carrier's configuration name
     * @param trackingNumber the guide to poll
     * @param shipmentId tracking-service's id of the shipment, carried for its logs
     */
    record Poll(String carrier, String trackingNumber, String shipmentId) {
    }
}
