package com.litper.agents.action;

import com.litper.common.contracts.AgentReply;
import com.litper.common.contracts.ApplyOrderAction;
import com.litper.common.contracts.OrderActionResult;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.Tasks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * api-service's outcome of a confirmed action ({@code order_action_result}): recorded on the action
 * ({@code APPLIED} or {@code REFUSED} with the reason) and told to the buyer as an {@code agent_reply},
 * in reply to the press that confirmed it. Its run id is derived from the action, so a repeated task
 * is told once (chat-service keeps one reply per run).
 */
@Component
class OrderActionResultHandler implements ContractHandler<OrderActionResult> {

    private static final Logger log = LoggerFactory.getLogger(OrderActionResultHandler.class);

    private final OrderActions actions;
    private final Tasks tasks;
    private final Clock clock;

    OrderActionResultHandler(OrderActions actions, Tasks tasks, Clock clock) {
        this.actions = actions;
        this.tasks = tasks;
        this.clock = clock;
    }

    @Override
    public Class<OrderActionResult> contract() {
        return OrderActionResult.class;
    }

    @Override
    public void handle(OrderActionResult result, Task task) {
        OrderAction action = actions.find(result.actionId())
                .filter(a -> a.storeId().equals(result.storeId()) && a.orderId().equals(result.orderId()))
                .orElseThrow(() -> new PermanentTaskFailure("order_action_result names action " + result.actionId()
                        + ", which agent-orchestrator has not proposed for order " + result.orderId() + " of store " + result.storeId()));
        if (actions.settle(action.id(), result.outcome().name(), result.reason())) {
            log.atInfo().addKeyValue("store.id", action.storeId())
                    .log("Action {} ({} of order {}): {}", action.id(), action.kind(), action.orderId(), result.outcome());
        }
        if (action.pressedMessageId() == null) {
            throw new PermanentTaskFailure("Action " + action.id() + " has a result but no confirming press to reply to");
        }
        UUID runId = UUID.nameUUIDFromBytes(("result:" + action.id()).getBytes(StandardCharsets.UTF_8));
        tasks.send(new AgentReply(action.conversationId(), action.storeId(), text(action, result), runId, List.of(action.pressedMessageId()),
                clock.instant()));
    }

    /** What the buyer reads, in Spanish. */
    static String text(OrderAction action, OrderActionResult result) {
        String order = action.trackingNumber() == null ? "tu pedido" : "tu pedido con guía " + action.trackingNumber();
        boolean cancel = result.kind() == ApplyOrderAction.Kind.CANCEL;
        if (result.outcome() == OrderActionResult.Outcome.APPLIED) {
            if (cancel) {
                return "Listo: cancelamos " + order + ".";
            }
            StringBuilder text = new StringBuilder("Listo: actualizamos la entrega de ").append(order).append('.');
            if (action.newAddress() != null) {
                text.append(" Dirección: ").append(action.newAddress()).append('.');
            }
            if (action.newDeliveryDate() != null) {
                text.append(" Fecha: ").append(OrderActions.day(action.newDeliveryDate())).append('.');
            }
            return text.toString();
        }
        return "No pudimos " + (cancel ? "cancelar " : "cambiar la entrega de ") + order + ": "
                + (result.reason() == null ? "la tienda no lo permitió." : result.reason()) + " Si quieres, te paso con un asesor.";
    }
}
