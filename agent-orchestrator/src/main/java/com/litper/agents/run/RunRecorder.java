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
