package com.litper.worker.order;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.contracts.OrderFailed;
import com.litper.common.contracts.ProcessOrder;
import com.litper.common.contracts.NotifyBuyer;
import com.litper.common.contracts.ShipmentBooked;
import com.litper.common.queue.DeferTask;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.PayloadCodec;
import com.litper.common.task.Tasks;
import com.litper.worker.carrier.BookingRequest;
import com.litper.worker.carrier.CarrierClient;
import com.litper.worker.carrier.CarrierRejectedException;
import com.litper.worker.carrier.CarrierUnavailableException;
import com.litper.worker.carrier.Shipment;
import com.litper.worker.config.CarrierApiProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Books an accepted order's shipment and passes the result on: a {@code shipment_booked} task to
 * tracking-service, which owns shipments, and a {@code notify_buyer} telling chat-service the order
 * shipped (chat-service words the buyer's message). Safe to run twice: {@link CarrierChoice} pins the
 * order's carrier, the booking's Idempotency-Key is the order id, so the carrier returns the first
 * shipment again, and both follow-up tasks carry de-duplication keys of the order.
 *
 * <p>Safe to run twice, as a {@link ContractHandler} must be. An order that cannot be booked however often it is tried (a payload that is not an order, no
 * enabled carrier, the carrier refusing the booking with a 4xx) fails at once as a
 * {@link PermanentTaskFailure} and ends in the dead letters with the reason; when its order id is
 * readable, an {@code order_failed} task first tells api-service, which owns the order. Transient
 * failures (carrier down) are retried by the queue and tell api-service nothing; while the carrier's
 * circuit is open the task waits ({@link DeferTask}, no attempt spent) until the circuit lets a
 * trial call through, so an outage delays orders but never dead-letters them.
 */
@Component
class ProcessOrderHandler implements ContractHandler<ProcessOrder> {

    private static final Logger log = LoggerFactory.getLogger(ProcessOrderHandler.class);

    private final JsonMapper json;
    private final CarrierChoice carrierChoice;
    private final CarrierClient carriers;
    private final Tasks tasks;
    private final CarrierApiProperties properties;
    private final CarrierRegistry registry;
    private final Clock clock;

    ProcessOrderHandler(JsonMapper json, CarrierChoice carrierChoice, CarrierClient carriers, Tasks tasks,
            CarrierApiProperties properties, CarrierRegistry registry, Clock clock) {
        this.json = json;
        this.carrierChoice = carrierChoice;
        this.carriers = carriers;
        this.tasks = tasks;
        this.properties = properties;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public Class<ProcessOrder> contract() {
        return ProcessOrder.class;
    }

    /** A payload that is not a bookable order: api-service hears of it when the order id is readable. */
    @Override
    public void rejected(Task task, PayloadCodec.InvalidPayloadException problem) {
        readableOrderId(task.payload()).ifPresent(orderId -> orderFailed(orderId, null, problem.getMessage()));
    }

    @Override
    public void handle(ProcessOrder order, Task task) {
        String carrier;
        try {
            carrier = carrierChoice.carrierFor(order, task.attempt());
        } catch (PermanentTaskFailure e) {
            orderFailed(order.orderId(), null, e.getMessage());
            throw e;
        }
        Shipment shipment;
        try {
            shipment = carriers.book(carrier, booking(order));
        } catch (CarrierRejectedException e) {
            String reason = carrier + " refused the booking: " + e.status() + " " + e.body();
            orderFailed(order.orderId(), carrier, reason);
            throw new PermanentTaskFailure(reason, e);
        } catch (CarrierUnavailableException e) {
            // The carrier's circuit is open: nothing was sent. Come back when it lets a trial call
            // through rather than spend the task's attempts: an outage longer than the queue's
            // retries must not leave accepted orders in the dead letters for an operator to replay.
            // Until the circuit lets a trial through (at least a second: while half-open its trial is out),
            // plus up to two seconds of jitter, so the waiting orders do not all come back at once.
            Duration wait = e.untilTrial().compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : e.untilTrial();
            Duration jittered = wait.plusMillis(ThreadLocalRandom.current().nextLong(2001));
            throw new DeferTask(jittered, e.getMessage() + "; order " + order.orderId() + " waits for the circuit to half-open");
        }
        log.atInfo().addKeyValue("order.id", order.orderId()).addKeyValue("carrier", carrier)
                .addKeyValue("tracking_number", shipment.trackingNumber())
                .log("Order {} booked with {}: guide {}", order.orderId(), carrier, shipment.trackingNumber());
        Instant now = clock.instant();
        tasks.sendAll(List.of(shipmentBooked(order, shipment, now), shipped(order, shipment, now)));
    }

    /**
     * Tells api-service the order failed for good; called just before the task fails permanently.
     * Enqueued first: if the enqueue itself fails, that failure is not permanent, so the task is
     * retried rather than dead-lettered without api-service ever hearing of it.
     */
    private void orderFailed(UUID orderId, String carrier, String reason) {
        tasks.send(new OrderFailed(orderId, carrier, reason, clock.instant()));
        log.atWarn().addKeyValue("order.id", orderId).addKeyValue("carrier", carrier)
                .log("Order {} failed for good: {}", orderId, reason);
    }

    /** The order id of a payload that is not a valid order, when it has a readable one. */
    private Optional<UUID> readableOrderId(String payload) {
        try {
            String id = json.readTree(payload).path("orderId").asString("");
            return id.isBlank() ? Optional.empty() : Optional.of(UUID.fromString(id.strip()));
        } catch (JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static BookingRequest booking(ProcessOrder order) {
        ProcessOrder.Destination to = order.destination();
        return new BookingRequest(order.orderId().toString(),
                new BookingRequest.Sender(order.storeName(), order.originMunicipalityCode()),
                new BookingRequest.Recipient(order.buyer().name(), order.buyer().phone(), to.address(), to.municipalityCode(), to.city(),
                        to.departmentCode(), to.department()),
                order.declaredValue(), order.cashOnDelivery(), "COP",
                order.items().stream().map(item -> new BookingRequest.Item(item.sku(), item.name(), item.quantity(), item.unitPrice())).toList());
    }

    private static ShipmentBooked shipmentBooked(ProcessOrder order, Shipment shipment, Instant now) {
        // The carrier's booking time is the same on a repeated booking, so a redelivery sends the same payload.
        return new ShipmentBooked(order.orderId(), order.storeId(), shipment.carrier(), shipment.trackingNumber(), order.buyer().name(),
                order.buyer().phone(), shipment.createdAt() != null ? shipment.createdAt() : now, shipment.promisedDeliveryDate(),
                shipment.freight());
    }

    /**
     * The booking as news for the buyer. Keyed by the order, as tracking-service's pickup
     * notification is: whichever comes first is the one the buyer is told.
     */
    private NotifyBuyer shipped(ProcessOrder order, Shipment shipment, Instant now) {
        return new NotifyBuyer(order.storeId(), order.orderId(), order.buyer().phone(), NotifyBuyer.firstName(order.buyer().name()),
                NotifyBuyer.Event.SHIPPED, null, shipment.trackingNumber(), registry.displayName(shipment.carrier()), null,
                shipment.createdAt() != null ? shipment.createdAt() : now);
    }

}
