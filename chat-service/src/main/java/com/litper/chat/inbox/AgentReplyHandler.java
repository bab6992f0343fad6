package com.litper.chat.inbox;

import com.litper.common.contracts.AgentReply;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The support agent's replies ({@code agent_reply}, from agent-orchestrator): chat-service decides
 * whether the buyer gets one ({@link Replies#agentReply}). A reply the buyer's window no longer allows
 * hands the conversation to a person, who may send a template. Idempotent per run.
 */
@Component
class AgentReplyHandler implements ContractHandler<AgentReply> {

    private static final Logger log = LoggerFactory.getLogger(AgentReplyHandler.class);

    private final Replies replies;
    private final Conversations conversations;

    AgentReplyHandler(Replies replies, Conversations conversations) {
        this.replies = replies;
        this.conversations = conversations;
    }

    @Override
    public Class<AgentReply> contract() {
        return AgentReply.class;
    }

    @Override
    public void handle(AgentReply reply, Task task) {
        Replies.AgentOutcome outcome = replies.agentReply(reply);
        switch (outcome) {
            case SENT, REPEATED -> log.atInfo().addKeyValue("agent.run_id", reply.runId()).addKeyValue("store.id", reply.storeId())
                    .log("Agent reply of run {} in conversation {}: {}", reply.runId(), reply.conversationId(), outcome);
            case DISCARDED_HUMAN_CONTROLS -> log.atInfo().addKeyValue("agent.run_id", reply.runId()).addKeyValue("store.id", reply.storeId())
                    .log("Agent reply of run {} discarded: a person controls conversation {}", reply.runId(), reply.conversationId());
            case DISCARDED_WINDOW_CLOSED -> {
                log.atWarn().addKeyValue("agent.run_id", reply.runId()).addKeyValue("store.id", reply.storeId())
                        .log("Agent reply of run {} discarded: the buyer's 24-hour window closed; conversation {} goes to a person",
                                reply.runId(), reply.conversationId());
                conversations.agentHandedOver(reply.storeId(), reply.conversationId(), "WINDOW_CLOSED",
                        "The agent's answer came after the buyer's 24-hour window closed; reply with a template: " + reply.text());
            }
            case UNKNOWN_CONVERSATION -> throw new PermanentTaskFailure("Store " + reply.storeId() + " has no conversation "
                    + reply.conversationId() + " for the agent's reply of run " + reply.runId());
        }
    }
}
