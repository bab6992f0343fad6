package com.litper.agents.action;

import com.litper.common.contracts.AgentReply;
import com.litper.common.contracts.InboundMessage;
import com.litper.common.task.Tasks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A buyer's press of an action's reply button, handled without the model: "yes" confirms the action
 * and sends it to api-service ({@code apply_order_action}), "no" declines it; either way the buyer
 * gets a short {@code agent_reply}. A press of an expired, unknown, decided or other conversation's
 * action changes nothing and says so. The move is one conditional UPDATE, so a second press changes
 * nothing, and the press that decided the action is remembered: delivered again (a crash before its
 * tasks were sent), it sends them again, and their de-duplication keys keep them single.
 */
@Component
public class ButtonPresses {

    private static final Logger log = LoggerFactory.getLogger(ButtonPresses.class);

    static final String CONFIRMED = "¡Listo! Ya lo estamos procesando; te confirmo el resultado en un momento.";
    static final String DECLINED = "Entendido, no cambiamos nada en tu pedido. ¿Te ayudo con algo más?";
    static final String EXPIRED = "Esa confirmación ya venció, así que no cambiamos nada. Si todavía lo necesitas, escríbeme de nuevo.";
    static final String UNKNOWN = "No encuentro esa confirmación, así que no cambiamos nada. Cuéntame qué necesitas y te ayudo.";
    static final String ALREADY = "Ya habías respondido a esa confirmación; no cambiamos nada más.";

    private final OrderActions actions;
    private final Tasks tasks;
    private final Clock clock;

    ButtonPresses(OrderActions actions, Tasks tasks, Clock clock) {
        this.actions = actions;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Handles {@code message} when it is the press of an action's button; false for any other message (the agent answers it). */
    public boolean handle(InboundMessage message) {
        String button = message.buttonId();
        if (button == null || !button.startsWith(OrderActions.BUTTON_PREFIX)) {
            return false;
        }
        reply(message, decide(message, button));
        return true;
    }

    private String decide(InboundMessage message, String button) {
        String[] parts = button.split(":");
        Optional<UUID> id = parts.length == 3 && (parts[2].equals("yes") || parts[2].equals("no")) ? uuid(parts[1]) : Optional.empty();
        Optional<OrderAction> found = id.flatMap(actions::find)
                .filter(a -> a.conversationId().equals(message.conversationId()) && a.storeId().equals(message.storeId()));
        if (found.isEmpty()) {
            log.info("Button '{}' of conversation {} names no action of it: nothing changes", button, message.conversationId());
            return UNKNOWN;
        }
        OrderAction action = found.get();
        boolean yes = parts[2].equals("yes");
        if (message.whatsappMessageId().equals(action.pressedMessageId())) {
            // This very press decided it before (the task is delivered again): repeat its effect, which is de-duplicated.
            if ("CONFIRMED".equals(action.status())) {
                actions.apply(action);
            }
            return yes ? CONFIRMED : DECLINED;
        }
        if (!"PROPOSED".equals(action.status())) {
            return "EXPIRED".equals(action.status()) ? EXPIRED : ALREADY;
        }
        if (!clock.instant().isBefore(action.expiresAt())) {
            actions.move(action.id(), "PROPOSED", "EXPIRED", message.whatsappMessageId());
            return EXPIRED;
        }
        if (!actions.move(action.id(), "PROPOSED", yes ? "CONFIRMED" : "DECLINED", message.whatsappMessageId())) {
            return ALREADY; // another press decided it meanwhile
        }
        log.atInfo().addKeyValue("store.id", action.storeId())
                .log("The buyer {} action {} ({} of order {})", yes ? "confirmed" : "declined", action.id(), action.kind(), action.orderId());
        if (yes) {
            actions.apply(action);
            return CONFIRMED;
        }
        return DECLINED;
    }

    private void reply(InboundMessage press, String text) {
        UUID runId = UUID.nameUUIDFromBytes(("press:" + press.conversationId() + ":" + press.whatsappMessageId()).getBytes(StandardCharsets.UTF_8));
        tasks.send(new AgentReply(press.conversationId(), press.storeId(), text, runId, List.of(press.whatsappMessageId()), clock.instant()));
    }

    private static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
