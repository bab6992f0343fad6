package com.litper.chat.inbox;

import com.litper.common.contracts.ConfirmOrderAction;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The support agent asks the buyer to confirm an action on an order ({@code confirm_order_action},
 * from agent-orchestrator): sent as reply buttons under the rules of an agent's reply
 * ({@link Replies#agentConfirmation}). Not sent (a person controls the conversation, or the window
 * closed), the action simply expires unconfirmed: nothing changes. Idempotent per action.
 */
@Component
class OrderActionConfirmationHandler implements ContractHandler<ConfirmOrderAction> {

    private static final Logger log = LoggerFactory.getLogger(OrderActionConfirmationHandler.class);

    private final Replies replies;

    OrderActionConfirmationHandler(Replies replies) {
        this.replies = replies;
    }

    @Override
    public Class<ConfirmOrderAction> contract() {
        return ConfirmOrderAction.class;
    }

    @Override
    public void handle(ConfirmOrderAction confirmation, Task task) {
        Replies.AgentOutcome outcome = replies.agentConfirmation(confirmation);
        if (outcome == Replies.AgentOutcome.UNKNOWN_CONVERSATION) {
            throw new PermanentTaskFailure("Store " + confirmation.storeId() + " has no conversation " + confirmation.conversationId()
                    + " for the confirmation of action " + confirmation.actionId());
        }
        log.atInfo().addKeyValue("store.id", confirmation.storeId())
                .log("Confirmation of action {} in conversation {}: {}", confirmation.actionId(), confirmation.conversationId(), outcome);
    }
}
