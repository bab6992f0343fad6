package com.litper.worker.order;

import com.litper.common.queue.DeferTask;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.worker.carrier.BookingRequest;
import com.litper.worker.carrier.CarrierClient;
import com.litper.worker.carrier.CarrierRejectedException;
import com.litper.worker.carrier.CarrierUnavailableException;
import com.litper.worker.carrier.Shipment;
import com.litper.worker.config.CarrierProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Books an accepted order's shipment and passes the result on: a {@code shipment_booked} task to
 * tracking-service, which owns shipments, and a {@code send_whatsapp} telling the buyer the guide
 * number. Safe to run twice: the booking's Idempotency-Key is the order id, so the carrier returns
 * the first shipment again, and both follow-up tasks carry de-duplication keys of the order.
 *
 * <p>An order that cannot be booked however often it is tried (a payload that is not an order, no
 * enabled carrier, the carrier refusing the booking with a 4xx) fails at once as a
 * {@link PermanentTaskFailure} and ends in the dead letters with the reason; when its order id is
 * readable, an {@code order_failed} task first tells api-service, which owns the order. Transient
 * failures (carrier down) are retried by the queue and tell api-service nothing; while the carrier's
 * circuit is open the task waits ({@link DeferTask}, no attempt spent) until the circuit lets a
 * trial call through, so an outage delays orders but never dead-letters them.
 */
@Component
class ProcessOrderHandler implements TaskHandler {

    static final String TYPE = "process_order";
    static final String SHIPMENT_BOOKED = "shipment_booked";
    static final String SEND_WHATSAPP = "send_whatsapp";
    static final String ORDER_FAILED = "order_failed";
    /** The status worker-service's own booking message announces, for api-service's {@code order_message}. */
    static final String SHIPPED = "SHIPPED";

    private static final Logger log = LoggerFactory.getLogger(ProcessOrderHandler.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    private final JsonMapper json;
    private final CarrierChoice carrierChoice;
    private final CarrierClient carriers;
    private final TaskQueue queue;
    private final CarrierProperties properties;
    private final Clock clock;

    ProcessOrderHandler(JsonMapper json, CarrierChoice carrierChoice, CarrierClient carriers, TaskQueue queue,
            CarrierProperties properties, Clock clock) {
        this.json = json;
        this.carrierChoice = carrierChoice;
        this.carriers = carriers;
        this.queue = queue;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public void handle(Task task) {
        ProcessOrder order;
        try {
            order = parse(task.payload());
        } catch (InvalidOrderPayloadException e) {
            readableOrderId(task.payload()).ifPresent(orderId -> orderFailed(orderId, null, e.getMessage()));
            throw e;
        }
        String carrier;
        try {
            carrier = carrierChoice.carrierFor(order);
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
            Duration wait = properties.circuitBreaker().waitInOpen();
            Duration jittered = wait.plusMillis(ThreadLocalRandom.current().nextLong(wait.toMillis() / 5 + 1));
            throw new DeferTask(jittered, e.getMessage() + "; order " + order.orderId() + " waits for the circuit to half-open");
        }
        log.atInfo().addKeyValue("order.id", order.orderId()).addKeyValue("carrier", carrier)
                .addKeyValue("tracking_number", shipment.trackingNumber())
                .log("Order {} booked with {}: guide {}", order.orderId(), carrier, shipment.trackingNumber());
        queue.enqueueAll(List.of(shipmentBooked(order, shipment), shippedMessage(order, shipment)));
    }

    /**
     * Tells api-service the order failed for good; called just before the task fails permanently.
     * Enqueued first: if the enqueue itself fails, that failure is not permanent, so the task is
     * retried rather than dead-lettered without api-service ever hearing of it.
     */
    private void orderFailed(UUID orderId, String carrier, String reason) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", orderId.toString());
        payload.put("carrier", carrier);
        payload.put("reason", reason);
        payload.put("failedAt", clock.instant().toString());
        queue.enqueue(TaskRequest.of(ORDER_FAILED, json.writeValueAsString(payload), TaskPriority.HIGH)
                .deduplicatedBy("order-failed:" + orderId));
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

    private ProcessOrder parse(String payload) {
        ProcessOrder order;
        try {
            order = json.readValue(payload, ProcessOrder.class);
        } catch (JacksonException e) {
            throw new InvalidOrderPayloadException("process_order payload is not a valid order: " + e.getOriginalMessage());
        }
        List<String> missing = new ArrayList<>();
        if (order.orderId() == null) {
            missing.add("orderId");
        }
        if (order.storeId() == null) {
            missing.add("storeId");
        }
        if (order.buyer() == null || blank(order.buyer().name())) {
            missing.add("buyer.name");
        }
        if (order.buyer() == null || order.buyer().phone() == null || !E164.matcher(order.buyer().phone()).matches()) {
            missing.add("buyer.phone (E.164)");
        }
        if (order.destination() == null || blank(order.destination().address())) {
            missing.add("destination.address");
        }
        if (order.destination() == null || blank(order.destination().municipalityCode())) {
            missing.add("destination.municipalityCode");
        }
        if (order.items() == null || order.items().isEmpty()) {
            missing.add("items");
        }
        if (order.declaredValue() == null || order.declaredValue() < 0) {
            missing.add("declaredValue (0 or more)");
        }
        if (order.cashOnDelivery() == null || order.cashOnDelivery() < 0) {
            missing.add("cashOnDelivery (0 or more)");
        }
        if (!missing.isEmpty()) {
            throw new InvalidOrderPayloadException("process_order payload" + (order.orderId() == null ? "" : " of order " + order.orderId())
                    + " lacks " + String.join(", ", missing));
        }
        return order;
    }

    private static BookingRequest booking(ProcessOrder order) {
        ProcessOrder.Destination to = order.destination();
        return new BookingRequest(order.orderId().toString(),
                new BookingRequest.Sender(order.storeName()),
                new BookingRequest.Recipient(order.buyer().name(), order.buyer().phone(), to.address(), to.municipalityCode(), to.city(),
                        to.departmentCode(), to.department()),
                order.declaredValue(), order.cashOnDelivery(), "COP",
                order.items().stream().map(item -> new BookingRequest.Item(item.sku(), item.name(), item.quantity(), item.unitPrice())).toList());
    }

    private TaskRequest shipmentBooked(ProcessOrder order, Shipment shipment) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("orderId", order.orderId().toString());
        payload.put("storeId", order.storeId().toString());
        payload.put("carrier", shipment.carrier());
        payload.put("trackingNumber", shipment.trackingNumber());
        payload.put("buyerName", order.buyer().name());
        payload.put("buyerPhone", order.buyer().phone());
        // The carrier's booking time is the same on a repeated booking, so a redelivery sends the same payload.
        payload.put("bookedAt", (shipment.createdAt() != null ? shipment.createdAt() : clock.instant()).toString());
        return TaskRequest.of(SHIPMENT_BOOKED, json.writeValueAsString(payload), TaskPriority.HIGH)
                .deduplicatedBy("shipment-booked:" + order.orderId());
    }

    private static String firstName(String buyerName) {
        return buyerName == null || buyerName.isBlank() ? "" : buyerName.strip().split("\\s+")[0];
    }

    private TaskRequest shippedMessage(ProcessOrder order, Shipment shipment) {
        String carrierName = properties.displayName(shipment.carrier());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("to", order.buyer().phone());
        payload.put("template", "order_shipped");
        payload.put("language", "es");
        // The approved template's parameters, in its order (the same template tracking-service sends
        // when a pickup comes first): first name, guide, carrier.
        String firstName = firstName(order.buyer().name());
        payload.put("parameters", List.of(firstName, shipment.trackingNumber(), carrierName));
        payload.put("text", (firstName.isEmpty() ? "Hola" : "Hola " + firstName) + ", tu pedido ya fue despachado con " + carrierName
                + ". Tu número de guía es " + shipment.trackingNumber() + ".");
        payload.put("orderId", order.orderId().toString());
        payload.put("status", SHIPPED);
        return TaskRequest.of(SEND_WHATSAPP, json.writeValueAsString(payload), TaskPriority.HIGH)
                .deduplicatedBy("whatsapp:" + order.orderId() + ":shipped");
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
