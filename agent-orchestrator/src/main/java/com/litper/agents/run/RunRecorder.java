package com.litper.agents.run;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.MessageParam;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Keeps each run and its transcript ({@code agents.agent_run}, {@code agents.transcript_entry}). */
@Component
class RunRecorder {

    private final JdbcClient jdbc;

    RunRecorder(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The run started (again, when its task is delivered a second time). */
    void started(UUID runId, UUID storeId, UUID conversationId) {
        jdbc.sql("""
                        INSERT INTO agents.agent_run (id, store_id, conversation_id, status) VALUES (:id, :store, :conversation, 'RUNNING')
                        ON CONFLICT (id) DO UPDATE SET status = 'RUNNING', finished_at = NULL""")
                .param("id", runId).param("store", storeId).param("conversation", conversationId).update();
    }

    /** A try-it run started ({@code try_it}: shown as such, never counted in outcomes). */
    void startedTryIt(UUID runId, UUID storeId, UUID conversationId) {
        jdbc.sql("INSERT INTO agents.agent_run (id, store_id, conversation_id, status, try_it) VALUES (:id, :store, :conversation, 'RUNNING', true)")
                .param("id", runId).param("store", storeId).param("conversation", conversationId).update();
    }

    /** What the transcript view shows beyond the steps: the reply, the hand-over, the model, its calls, tokens and cost. */
    void details(UUID runId, String reply, String handoverReason, String handoverSummary, String model, RunContext.RunUsage usage, Double cost) {
        jdbc.sql("""
                        UPDATE agents.agent_run SET reply = :reply, handover_reason = :reason, handover_summary = :summary, model = :model,
                            model_calls = :calls, input_tokens = :input, output_tokens = :output, cache_read_tokens = :cacheRead,
                            cache_write_tokens = :cacheWrite, cost_usd = :cost
                        WHERE id = :id""")
                .param("reply", reply, java.sql.Types.VARCHAR).param("reason", handoverReason, java.sql.Types.VARCHAR)
                .param("summary", handoverSummary, java.sql.Types.VARCHAR).param("model", model)
                .param("calls", usage.calls()).param("input", usage.input()).param("output", usage.output())
                .param("cacheRead", usage.cacheRead()).param("cacheWrite", usage.cacheWrite())
                .param("cost", cost, java.sql.Types.NUMERIC).param("id", runId).update();
    }

    /** The run ended: its status ({@code ANSWERED}, {@code ESCALATED}, {@code FAILED}) and every model and tool step. */
    void finished(UUID runId, String status, List<MessageParam> transcript) {
        jdbc.sql("UPDATE agents.agent_run SET status = :status, finished_at = now() WHERE id = :id")
                .param("status", status).param("id", runId).update();
        for (MessageParam message : transcript) {
            String role = message.isAssistant() ? "assistant" : ConversationMemory.startsATurn(message) ? "user" : "tool";
            jdbc.sql("INSERT INTO agents.transcript_entry (run_id, role, content) VALUES (:run, :role, CAST(:content AS jsonb))")
                    .param("run", runId).param("role", role).param("content", json(message)).update();
        }
    }

    private static String json(MessageParam message) {
        try {
            return ObjectMappers.jsonMapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A transcript entry could not be written", e);
        }
    }
}
