package com.litper.chat.inbox;

import com.litper.common.contracts.AgentHandover;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The support agent hands a conversation to a person ({@code agent_handover}, from agent-orchestrator):
 * a person controls it from now on, the assignee or the round-robin's choice, and the inbox shows the
 * agent's reason and summary on the conversation (and a {@code conversation} event says so). Once per
 * run ({@code chat.agent_answer}).
 */
@Component
class AgentHandoverHandler implements ContractHandler<AgentHandover> {

    private static final Logger log = LoggerFactory.getLogger(AgentHandoverHandler.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Conversations conversations;

    AgentHandoverHandler(JdbcClient jdbc, TransactionTemplate transactions, Conversations conversations) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.conversations = conversations;
    }

    @Override
    public Class<AgentHandover> contract() {
        return AgentHandover.class;
    }

    @Override
    public void handle(AgentHandover handover, Task task) {
        transactions.executeWithoutResult(tx -> {
            boolean known = jdbc.sql("SELECT EXISTS (SELECT 1 FROM chat.conversation WHERE id = :id AND store_id = :store)")
                    .param("id", handover.conversationId()).param("store", handover.storeId()).query(Boolean.class).single();
            if (!known) {
                throw new PermanentTaskFailure("Store " + handover.storeId() + " has no conversation " + handover.conversationId()
                        + " for the agent's hand-over of run " + handover.runId());
            }
            int first = jdbc.sql("""
                            INSERT INTO chat.agent_answer (run_id, kind, conversation_id, outcome) VALUES (:run, 'HANDOVER', :conversation, 'HANDED_OVER')
                            ON CONFLICT (run_id, kind) DO NOTHING""")
                    .param("run", handover.runId()).param("conversation", handover.conversationId()).update();
            if (first == 0) {
                return; // a repeated task
            }
            conversations.agentHandedOver(handover.storeId(), handover.conversationId(), handover.reason().name(), handover.summary());
            log.atInfo().addKeyValue("agent.run_id", handover.runId()).addKeyValue("store.id", handover.storeId())
                    .addKeyValue("agent.handover_reason", handover.reason())
                    .log("The agent handed conversation {} to a person: {}", handover.conversationId(), handover.reason());
        });
    }
}
