package com.litper.api.order;

import com.litper.api.dane.Divipola;
import com.litper.api.dane.Municipality;
import com.litper.common.contracts.ApplyOrderAction;
import com.litper.common.contracts.OrderActionResult;
import com.litper.common.outbox.Outbox;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import java.sql.Types;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies an action its buyer confirmed with the support agent ({@code apply_order_action}, from
 * agent-orchestrator), or refuses it, and answers {@code order_action_result} through the outbox in
 * the same transaction:
 *
 * <ul>
 *   <li>a cancellation only while the carrier has not picked the order up ({@code CREATED} or
 *       {@code BOOKED}); the order becomes {@code CANCELLED} and stays so;
 *   <li>a delivery change only before the order is delivered, returned, cancelled or failed; a new
 *       address only in the order's own municipality (DANE), a new date only a business day after
 *       today and within {@link #MAX_DAYS_AHEAD} days.
 * </ul>
 *
 * <p>What is applied goes on the order ({@code address}, {@code delivery_date}, {@code cancelled_at})
 * and its timeline (event {@code action:<id>}). At most once per action: the decision is kept in
 * {@code api.order_action}, under the order's lock, and a task delivered again sends the same result.
 * The carrier of a booked guide is not told (its API has no cancellation or change call yet).
 */
@Component
class OrderActionHandler implements ContractHandler<ApplyOrderAction> {

    private static final Logger log = LoggerFactory.getLogger(OrderActionHandler.class);
    static final int MAX_DAYS_AHEAD = 30;
    private static final ZoneId COLOMBIA = ZoneId.of("America/Bogota");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Divipola divipola;
    private final Clock clock;

    OrderActionHandler(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, Divipola divipola, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.divipola = divipola;
        this.clock = clock;
    }

    @Override
    public Class<ApplyOrderAction> contract() {
        return ApplyOrderAction.class;
    }

    @Override
    public void handle(ApplyOrderAction action, Task task) {
        transactions.executeWithoutResult(tx -> decide(action));
    }

    /** The order as an action needs it, locked. */
    private record Order(OrderStatus status, String municipalityCode, String municipality, String departmentCode) {
    }

    private void decide(ApplyOrderAction action) {
        Optional<Order> locked = jdbc.sql("""
                        SELECT status, municipality_code, municipality, department_code FROM api.orders
                        WHERE id = :order AND store_id = :store FOR UPDATE""")
                .param("order", action.orderId()).param("store", action.storeId())
                .query((rs, n) -> new Order(OrderStatus.valueOf(rs.getString("status")), rs.getString("municipality_code"),
                        rs.getString("municipality"), rs.getString("department_code")))
                .optional();
        // After the lock: a second delivery of the action waits for the first and finds its decision.
        Optional<OrderActionResult> decided = jdbc.sql("SELECT outcome, reason, decided_at FROM api.order_action WHERE action_id = :id")
                .param("id", action.actionId())
                .query((rs, n) -> result(action, OrderActionResult.Outcome.valueOf(rs.getString("outcome")), rs.getString("reason"),
                        rs.getObject("decided_at", OffsetDateTime.class).toInstant()))
                .optional();
        if (decided.isPresent()) {
            outbox.add(decided.get());
            return;
        }
        Instant now = clock.instant();
        String refusal = locked.isEmpty() ? "no encontramos ese pedido en la tienda."
                : action.kind() == ApplyOrderAction.Kind.CANCEL ? cancelRefusal(locked.get().status()) : changeRefusal(action, locked.get(), now);
        OrderActionResult result = result(action, refusal == null ? OrderActionResult.Outcome.APPLIED : OrderActionResult.Outcome.REFUSED,
                refusal, now);
        if (refusal == null) {
            apply(action, now);
        }
        if (locked.isPresent()) {
            jdbc.sql("""
                            INSERT INTO api.order_action (action_id, order_id, kind, outcome, reason, decided_at)
                            VALUES (:id, :order, :kind, :outcome, :reason, :at)""")
                    .param("id", action.actionId()).param("order", action.orderId()).param("kind", action.kind().name())
                    .param("outcome", result.outcome().name()).param("reason", refusal, Types.VARCHAR).param("at", utc(now))
                    .update();
        }
        outbox.add(result);
        log.atInfo().addKeyValue("store.id", action.storeId())
                .log("Buyer action {} ({}) on order {}: {}{}", action.actionId(), action.kind(), action.orderId(), result.outcome(),
                        refusal == null ? "" : " (" + refusal + ")");
    }

    /** Why the order cannot be cancelled now, in Spanish; null when it can (the carrier has not picked it up). */
    static String cancelRefusal(OrderStatus status) {
        return switch (status) {
            case CREATED, BOOKED -> null;
            case PICKED_UP, IN_TRANSIT, OUT_FOR_DELIVERY, EXCEPTION -> "la transportadora ya recogió el pedido, así que ya no se puede cancelar.";
            case DELIVERED -> "el pedido ya fue entregado.";
            case CANCELLED -> "el pedido ya estaba cancelado.";
            case RETURNED -> "el pedido ya fue devuelto a la tienda.";
            case FAILED -> "el pedido no se pudo enviar, así que no hay un envío que cancelar.";
        };
    }

    /** Why the delivery cannot change as asked, in Spanish; null when it can. */
    private String changeRefusal(ApplyOrderAction action, Order order, Instant now) {
        switch (order.status()) {
            case DELIVERED -> {
                return "el pedido ya fue entregado.";
            }
            case CANCELLED -> {
                return "el pedido está cancelado.";
            }
            case RETURNED -> {
                return "el pedido ya fue devuelto a la tienda.";
            }
            case FAILED -> {
                return "el pedido no se pudo enviar.";
            }
            default -> {
            }
        }
        if (action.newDeliveryDate() != null) {
            LocalDate today = LocalDate.ofInstant(now, COLOMBIA);
            LocalDate date = action.newDeliveryDate();
            if (!date.isAfter(today) || date.isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
                return "la nueva fecha debe ser un día después de hoy y dentro de los próximos " + MAX_DAYS_AHEAD + " días.";
            }
            if (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
                return "la nueva fecha debe ser un día hábil (lunes a viernes).";
            }
        }
        if (action.newCity() != null) {
            // The order's department first: a name several departments share means the one the order goes to.
            Divipola.Lookup inDepartment = divipola.resolve(action.newCity(), order.departmentCode());
            Divipola.Lookup anywhere = inDepartment.isFound() ? inDepartment : divipola.resolve(action.newCity(), null);
            Municipality named = anywhere.municipality();
            if (named == null && !inDepartment.isFound() && anywhere.problem() != null && anywhere.problem().contains("several departments")) {
                return "la nueva dirección no está en " + order.municipality() + ": solo podemos cambiar la dirección dentro del mismo municipio.";
            }
            if (named == null) {
                return "no reconocemos el municipio '" + action.newCity() + "' de la nueva dirección.";
            }
            if (!named.code().equals(order.municipalityCode())) {
                return "la nueva dirección está en " + action.newCity().strip() + " y el pedido va a " + order.municipality()
                        + ": solo podemos cambiar la dirección dentro del mismo municipio.";
            }
        }
        return null;
    }

    private void apply(ApplyOrderAction action, Instant now) {
        String description;
        boolean changedStatus;
        if (action.kind() == ApplyOrderAction.Kind.CANCEL) {
            jdbc.sql("UPDATE api.orders SET status = 'CANCELLED', cancelled_at = :at WHERE id = :order")
                    .param("at", utc(now)).param("order", action.orderId()).update();
            description = "Cancelado por el comprador (confirmado por WhatsApp)";
            changedStatus = true;
        } else {
            jdbc.sql("""
                            UPDATE api.orders SET address = coalesce(:address, address), delivery_date = coalesce(:date, delivery_date)
                            WHERE id = :order""")
                    .param("address", action.newAddress(), Types.VARCHAR).param("date", action.newDeliveryDate(), Types.DATE)
                    .param("order", action.orderId()).update();
            StringBuilder text = new StringBuilder("Entrega cambiada por el comprador (confirmado por WhatsApp):");
            if (action.newAddress() != null) {
                text.append(" dirección ").append(action.newAddress()).append(action.newDeliveryDate() != null ? ";" : "");
            }
            if (action.newDeliveryDate() != null) {
                text.append(" fecha ").append(action.newDeliveryDate());
            }
            description = text.toString();
            changedStatus = false;
        }
        jdbc.sql("""
                        INSERT INTO api.order_timeline (order_id, event_id, status, carrier_status, occurred_at, description, reason, changed_status)
                        VALUES (:order, :event, :status, NULL, :at, :description, NULL, :changed)
                        ON CONFLICT (order_id, event_id) DO NOTHING""")
                .param("order", action.orderId()).param("event", "action:" + action.actionId())
                .param("status", action.kind() == ApplyOrderAction.Kind.CANCEL ? "CANCELLED" : "DELIVERY_CHANGED")
                .param("at", utc(now)).param("description", description).param("changed", changedStatus)
                .update();
    }

    private static OrderActionResult result(ApplyOrderAction action, OrderActionResult.Outcome outcome, String reason, Instant at) {
        return new OrderActionResult(action.actionId(), action.storeId(), action.orderId(), action.conversationId(), action.kind(), outcome,
                reason == null ? null : Character.toUpperCase(reason.charAt(0)) + reason.substring(1), at);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
