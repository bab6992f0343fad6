package com.litper.common.task;

import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Sends typed task payloads: {@code tasks.send(new ShipmentUpdate(...))}. The contract names the
 * task type, its queue (through the queue's routing) and its priority; the payload its
 * de-duplication key. Thread-safe.
 */
public final class Tasks {

    private final TaskQueue queue;
    private final TaskContracts contracts;
    private final PayloadCodec codec;

    public Tasks(TaskQueue queue, TaskContracts contracts, PayloadCodec codec) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.contracts = Objects.requireNonNull(contracts, "contracts");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** Litper's contracts on {@code queue}, validated with the default validator: for plain-Java use and tests. */
    public static Tasks on(TaskQueue queue) {
        return new Tasks(queue, TaskContracts.litper(), PayloadCodec.standard());
    }

    /** Enqueues one payload now and returns the task's id (the earlier task's id when de-duplicated). */
    public String send(TaskPayload payload) {
        return queue.enqueue(request(payload));
    }

    /** Enqueues several payloads in few round trips and returns their ids in order. */
    public List<String> sendAll(Collection<? extends TaskPayload> payloads) {
        return queue.enqueueAll(payloads.stream().map(this::request).toList());
    }

    /** Enqueues requests made with {@link #request}, e.g. delayed ones. */
    public List<String> sendRequests(List<TaskRequest> requests) {
        return queue.enqueueAll(requests);
    }

    /**
     * The request {@link #send} would enqueue, to add options first ({@code delayedBy},
     * {@code deduplicatedBy} with another window). Validates the payload.
     */
    public TaskRequest request(TaskPayload payload) {
        Contract contract = contracts.of(payload.getClass());
        String json = codec.encode(contract, payload);
        return new TaskRequest(contract.name(), json, contract.priority(), null, null, payload.dedupKey(), payload.dedupWindow());
    }

    public TaskContracts contracts() {
        return contracts;
    }

    public PayloadCodec codec() {
        return codec;
    }
}
