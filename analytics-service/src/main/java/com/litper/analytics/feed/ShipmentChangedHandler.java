package com.litper.analytics.feed;

import com.litper.common.contracts.ShipmentChanged;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a shipment's change ({@code shipment_changed}, from tracking-service): its creation entry
 * as a {@code SHIPMENT_BOOKED} event, any other entry as a {@code CARRIER_EVENT}. Idempotent: a
 * repeated task finds its {@code shipment:<shipmentId>:<eventId>} row and inserts nothing.
 */
@Component
class ShipmentChangedHandler implements ContractHandler<ShipmentChanged> {

    private static final Logger log = LoggerFactory.getLogger(ShipmentChangedHandler.class);

    private final EventLog events;

    ShipmentChangedHandler(EventLog events) {
        this.events = events;
    }

    @Override
    public Class<ShipmentChanged> contract() {
        return ShipmentChanged.class;
    }

    @Override
    public void handle(ShipmentChanged change, Task task) {
        if (!events.shipmentChanged(change)) {
            log.debug("shipment_changed {} of shipment {} was recorded before", change.event().eventId(), change.shipmentId());
        }
    }
}
