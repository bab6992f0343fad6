package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * The support agent hands the conversation to a person. Produced by agent-orchestrator (the model's
 * {@code hand_over_to_person} tool, or the run itself when the model is unavailable or the run's
 * deadline passed); consumed by chat-service ({@code AgentHandoverHandler}), which puts a person in
 * control (the round-robin's choice when nobody has it) and shows the reason and the summary in the
 * inbox. Once per run.
 *
 * @param conversationId chat-service's conversation
 * @param storeId the conversation's store
 * @param reason why a person must take it
 * @param summary what the buyer wants, in a sentence or two, for the person who takes it
 * @param runId the agent run that handed it over
 */
@TaskContract(name = "agent_handover", queue = "chat", priority = TaskPriority.HIGH)
public record AgentHandover(
        @NotNull UUID conversationId,
        @NotNull UUID storeId,
        @NotNull Reason reason,
        @NotBlank @Size(max = 1000) String summary,
        @NotNull UUID runId) implements TaskPayload {

    /** Why the agent hands a conversation over. */
    public enum Reason {
        /** The buyer asked for a person. */
        BUYER_ASKED,
        /** The buyer wants something the agent may not do or does not know. */
        OUT_OF_SCOPE,
        /** The buyer is upset or complains; a person should answer. */
        COMPLAINT,
        /** The model could not be reached (its circuit is open, or it refused the request). */
        AGENT_UNAVAILABLE,
        /** The run's deadline passed before the model answered. */
        DEADLINE,
        /** The run used up its model turns without an answer. */
        TOO_MANY_TURNS,
        /**
         * The store switched its agent off: no model call, a person answers. New in this release:
         * agent-orchestrator sends it only with {@code litper.agents.send-settings-reasons} (until then
         * {@link #AGENT_UNAVAILABLE}), because the previous release's readers do not know it.
         */
        AGENT_OFF,
        /** The buyer wrote outside the store's agent working hours: no model call, a person answers. New in this release, as {@link #AGENT_OFF}. */
        OUTSIDE_HOURS
    }

    @Override
    public String dedupKey() {
        return runId == null ? null : "agent-handover:" + runId;
    }
}
