package com.litper.tracking.status;

import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one carrier event ({@code carrier_event}) through {@link CarrierEvents}: recorded in its
 * shipment's timeline with the status move and the tasks it causes, in one transaction; or, while no
 * shipment has its guide, kept until one does. Idempotent: an event seen before (a re-delivered
 * webhook, a poll, this task retried) is recorded once per event id and causes nothing new.
 */
@Component
class CarrierEventHandler implements ContractHandler<com.litper.common.contracts.CarrierEvent> {

    private final CarrierEvents events;
    private final TransactionTemplate transactions;

    CarrierEventHandler(CarrierEvents events, TransactionTemplate transactions) {
        this.events = events;
        this.transactions = transactions;
    }

    @Override
    public Class<com.litper.common.contracts.CarrierEvent> contract() {
        return com.litper.common.contracts.CarrierEvent.class;
    }

    @Override
    public void handle(com.litper.common.contracts.CarrierEvent payload, Task task) {
        CarrierEvent event = CarrierEvent.of(payload);
        // Refused before anything is kept: an event this service cannot map would wait for nothing.
        if (events.statusOf(event).isEmpty()) {
            throw new IllegalArgumentException("Carrier '" + event.carrier() + "' or its status code '" + event.status()
                    + "' of carrier_event " + event.eventId() + " is unknown (litper.carriers, litper.tracking.carriers.<carrier>.statuses)");
        }
        transactions.executeWithoutResult(tx -> events.applyOrKeep(event));
    }
}
