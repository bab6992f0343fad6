package com.litper.agents.transcripts;

import com.litper.common.web.KeysetCursor;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store's runs and their transcripts as the API shows them ({@code agents.agent_run},
 * {@code agents.transcript_entry}), always filtered by the caller's store: another store's run is
 * not found, like one that does not exist.
 */
@Component
public class RunViews {

    /** Names the runs listing's cursors. */
    static final String CURSOR = "r1";
    static final List<String> STATUSES = List.of("RUNNING", "ANSWERED", "ESCALATED", "FAILED");

    private static final String COLUMNS = """
            id, conversation_id, try_it, status, started_at, finished_at, reply, handover_reason, handover_summary, model, model_calls,
            input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd""";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public RunViews(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One run's row: what the list shows. Tokens and cost are null for runs recorded before they were kept. */
    public record RunSummary(UUID id, UUID conversationId, boolean tryIt, String status, Instant startedAt, Instant finishedAt,
            Long durationMs, String reply, Handover handover, String model, Integer modelCalls, Tokens tokens, BigDecimal costUsd) {
    }

    public record Handover(String reason, String summary) {
    }

    public record Tokens(long input, long output, long cacheRead, long cacheWrite) {
    }

    /** A tool the model called in the run, with its input and what the tool answered. */
    public record ToolCall(String id, String name, JsonNode input, JsonNode result, boolean error) {
    }

    /** One step: the buyer's turn ({@code user}), the model's ({@code assistant}) or the tools' results ({@code tool}), in Anthropic's content format. */
    public record Entry(String role, Instant at, JsonNode content) {
    }

    public record RunDetail(RunSummary run, List<ToolCall> toolCalls, List<Entry> entries) {
    }

    public record Page(List<RunSummary> items, String nextCursor) {
    }

    /** The store's runs, newest first, optionally of one conversation, status and kind. */
    public Page list(UUID store, UUID conversation, String status, Boolean tryIt, String cursor, int limit) {
        KeysetCursor after = cursor == null ? null : KeysetCursor.decode(CURSOR, cursor);
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM agents.agent_run WHERE store_id = :store");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("store", store);
        if (conversation != null) {
            sql.append(" AND conversation_id = :conversation");
            params.put("conversation", conversation);
        }
        if (status != null) {
            sql.append(" AND status = :status");
            params.put("status", status);
        }
        if (tryIt != null) {
            sql.append(" AND try_it = :tryIt");
            params.put("tryIt", tryIt);
        }
        if (after != null) {
            sql.append(" AND (started_at, id) < (:afterAt, :afterId)");
            params.put("afterAt", Timestamp.from(after.at()));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT :limit");
        params.put("limit", limit + 1);
        List<RunSummary> rows = jdbc.sql(sql.toString()).params(params).query(RunViews::summary).list();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            RunSummary last = rows.get(limit - 1);
            next = new KeysetCursor(last.startedAt(), last.id()).encode(CURSOR);
        }
        return new Page(List.copyOf(rows), next);
    }

    /** One of the store's runs with its steps and tool calls; empty when the store has no such run. */
    public Optional<RunDetail> run(UUID store, UUID id) {
        Optional<RunSummary> run = jdbc.sql("SELECT " + COLUMNS + " FROM agents.agent_run WHERE id = :id AND store_id = :store")
                .param("id", id).param("store", store).query(RunViews::summary).optional();
        if (run.isEmpty()) {
            return Optional.empty();
        }
        List<Entry> entries = jdbc.sql("SELECT role, created_at, content::text AS content FROM agents.transcript_entry WHERE run_id = :id ORDER BY id")
                .param("id", id)
                .query((rs, n) -> new Entry(rs.getString("role"), rs.getTimestamp("created_at").toInstant(),
                        json.readTree(rs.getString("content")).path("content")))
                .list();
        return Optional.of(new RunDetail(run.get(), toolCalls(entries), entries));
    }

    /** Each tool_use of the model paired with its tool_result, in order. */
    private List<ToolCall> toolCalls(List<Entry> entries) {
        Map<String, ToolCall> calls = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (!entry.content().isArray()) {
                continue;
            }
            for (JsonNode block : entry.content()) {
                String type = block.path("type").asString("");
                if ("tool_use".equals(type)) {
                    String id = block.path("id").asString();
                    calls.put(id, new ToolCall(id, block.path("name").asString(), block.path("input"), null, false));
                } else if ("tool_result".equals(type)) {
                    String id = block.path("tool_use_id").asString();
                    ToolCall call = calls.get(id);
                    if (call != null) {
                        calls.put(id, new ToolCall(id, call.name(), call.input(), result(block.path("content")),
                                block.path("is_error").asBoolean(false)));
                    }
                }
            }
        }
        return new ArrayList<>(calls.values());
    }

    /** A tool's answer: its JSON when it answered JSON (the orders), else its text. */
    private JsonNode result(JsonNode content) {
        String text = content.isString() ? content.asString() : content.isArray() && content.size() > 0 ? content.get(0).path("text").asString()
                : content.toString();
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                return json.readTree(text);
            } catch (RuntimeException e) {
                // not JSON after all: the text
            }
        }
        return json.getNodeFactory().stringNode(text);
    }

    private static RunSummary summary(ResultSet rs, int n) throws SQLException {
        Instant started = rs.getTimestamp("started_at").toInstant();
        Timestamp finishedAt = rs.getTimestamp("finished_at");
        Instant finished = finishedAt == null ? null : finishedAt.toInstant();
        Long input = (Long) rs.getObject("input_tokens");
        Tokens tokens = input == null ? null : new Tokens(input, rs.getLong("output_tokens"), rs.getLong("cache_read_tokens"),
                rs.getLong("cache_write_tokens"));
        String reason = rs.getString("handover_reason");
        return new RunSummary(rs.getObject("id", UUID.class), rs.getObject("conversation_id", UUID.class), rs.getBoolean("try_it"),
                rs.getString("status"), started, finished, finished == null ? null : finished.toEpochMilli() - started.toEpochMilli(),
                rs.getString("reply"), reason == null ? null : new Handover(reason, rs.getString("handover_summary")), rs.getString("model"),
                (Integer) rs.getObject("model_calls"), tokens, rs.getBigDecimal("cost_usd"));
    }
}
