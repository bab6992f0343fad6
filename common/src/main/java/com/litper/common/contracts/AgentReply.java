package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The support agent's answer to a buyer. Produced by agent-orchestrator at the end of a run
 * ({@code AgentRun}; also its holding message when the model is unavailable); consumed by
 * chat-service ({@code AgentReplyHandler}), which decides whether the buyer gets it: only while the
 * AI still controls the conversation (a person who took over meanwhile wins, and the reply is
 * recorded as discarded), only inside WhatsApp's 24-hour window, as free text through the path a
 * person's reply takes. Once per run: the de-duplication key and chat-service's record are the run's id.
 *
 * @param conversationId chat-service's conversation
 * @param storeId the conversation's store
 * @param text what the buyer reads, plain text
 * @param runId the agent run that wrote it
 * @param inReplyTo WhatsApp's ids of the buyer's messages it answers, oldest first
 * @param createdAt when the run finished
 */
@TaskContract(name = "agent_reply", queue = "chat", priority = TaskPriority.HIGH)
public record AgentReply(
        @NotNull UUID conversationId,
        @NotNull UUID storeId,
        @NotBlank @Size(max = 4096) String text,
        @NotNull UUID runId,
        @NotEmpty List<@NotBlank String> inReplyTo,
        @NotNull Instant createdAt) implements TaskPayload {

    @Override
    public String dedupKey() {
        return runId == null ? null : "agent-reply:" + runId;
    }
}
