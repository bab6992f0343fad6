package com.litper.analytics.feed;

import com.litper.common.contracts.OrderPlaced;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records an accepted order ({@code order_placed}, from api-service) as an {@code ORDER_PLACED}
 * event. Idempotent: a repeated task finds its {@code order:<orderId>} row and inserts nothing.
 */
@Component
class OrderPlacedHandler implements ContractHandler<OrderPlaced> {

    private static final Logger log = LoggerFactory.getLogger(OrderPlacedHandler.class);

    private final EventLog events;

    OrderPlacedHandler(EventLog events) {
        this.events = events;
    }

    @Override
    public Class<OrderPlaced> contract() {
        return OrderPlaced.class;
    }

    @Override
    public void handle(OrderPlaced order, Task task) {
        if (!events.orderPlaced(order)) {
            log.debug("order_placed of order {} was recorded before", order.orderId());
        }
    }
}
