package com.litper.common.task;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import java.util.Objects;

/** A {@link ContractHandler} as the queue's untyped {@link TaskHandler}: reads and validates, then delegates. */
public final class ContractTaskHandler<T extends TaskPayload> implements TaskHandler {

    private final ContractHandler<T> handler;
    private final Contract contract;
    private final PayloadCodec codec;

    public ContractTaskHandler(ContractHandler<T> handler, TaskContracts contracts, PayloadCodec codec) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.contract = contracts.of(handler.contract());
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public String taskType() {
        return contract.name();
    }

    @Override
    public void handle(Task task) throws Exception {
        T payload;
        try {
            payload = codec.decode(contract, handler.contract(), task.payload());
        } catch (PayloadCodec.InvalidPayloadException e) {
            handler.rejected(task, e);
            throw e;
        }
        handler.handle(payload, task);
    }

    @Override
    public String toString() {
        return "ContractTaskHandler[" + contract.name() + " -> " + handler.getClass().getSimpleName() + "]";
    }
}
