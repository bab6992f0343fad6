package com.litper.agents.outcomes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outcome of each stretch of a conversation the agent handled ({@code agents.agent_episode},
 * docs/agents.md "Outcomes"):
 *
 * <ul>
 *   <li>an episode <b>opens</b> when a buyer's run answers (any reply, the holding message included) and
 *       the conversation has no open episode; later answered runs of the conversation continue it;
 *   <li><b>HANDED_OVER</b> (with the reason) when a run of the conversation hands over while it is open,
 *       or a run answers and hands over at once (its episode opens and closes);
 *   <li>when {@code quiet-period} passes after the episode's last answer with no further buyer run, the
 *       closing job ({@link EpisodeCloser}) makes it <b>ABANDONED</b> if that answer asked the buyer
 *       something (it ended in a question) and <b>RESOLVED</b> otherwise.
 * </ul>
 *
 * A run stopped by the settings (agent off, outside hours) answers nothing: it opens no episode but
 * closes an open one as HANDED_OVER. Try-it runs never come here. A run's task delivered again (a crash
 * after the run) changes nothing twice: an episode already closed or continued by that run is skipped.
 */
@Component
public class Episodes {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    public Episodes(JdbcClient jdbc, TransactionTemplate transactions, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.meters = meters;
    }

    /**
     * A buyer's run finished.
     *
     * @param answered whether the buyer got a reply from the run
     * @param handoverReason the hand-over's reason, or null
     * @param awaitingBuyer whether the reply asked the buyer something
     */
    public void runFinished(UUID store, UUID conversation, UUID runId, boolean answered, String handoverReason, boolean awaitingBuyer,
            Instant at) {
        transactions.executeWithoutResult(tx -> {
            boolean seen = jdbc.sql("SELECT EXISTS (SELECT 1 FROM agents.agent_episode WHERE last_run_id = :run)")
                    .param("run", runId).query(Boolean.class).single();
            if (seen) {
                return; // this run's task ran again
            }
            if (handoverReason != null) {
                int closed = jdbc.sql("""
                                UPDATE agents.agent_episode SET outcome = 'HANDED_OVER', handover_reason = :reason, closed_at = :at,
                                    last_run_id = :run
                                WHERE conversation_id = :conversation AND outcome IS NULL""")
                        .param("reason", handoverReason).param("at", java.sql.Timestamp.from(at)).param("run", runId)
                        .param("conversation", conversation).update();
                if (closed == 0 && answered) {
                    jdbc.sql("""
                                    INSERT INTO agents.agent_episode (id, store_id, conversation_id, started_at, last_run_id, last_answer_at,
                                        awaiting_buyer, outcome, handover_reason, closed_at)
                                    VALUES (:run, :store, :conversation, :at, :run, :at, false, 'HANDED_OVER', :reason, :at)""")
                            .param("run", runId).param("store", store).param("conversation", conversation)
                            .param("at", java.sql.Timestamp.from(at)).param("reason", handoverReason).update();
                    closed = 1;
                }
                if (closed > 0) {
                    count(store, "HANDED_OVER", handoverReason);
                }
                return;
            }
            if (!answered) {
                return;
            }
            int continued = jdbc.sql("""
                            UPDATE agents.agent_episode SET last_run_id = :run, last_answer_at = :at, awaiting_buyer = :awaiting
                            WHERE conversation_id = :conversation AND outcome IS NULL""")
                    .param("run", runId).param("at", java.sql.Timestamp.from(at)).param("awaiting", awaitingBuyer)
                    .param("conversation", conversation).update();
            if (continued == 0) {
                jdbc.sql("""
                                INSERT INTO agents.agent_episode (id, store_id, conversation_id, started_at, last_run_id, last_answer_at, awaiting_buyer)
                                VALUES (:run, :store, :conversation, :at, :run, :at, :awaiting)""")
                        .param("run", runId).param("store", store).param("conversation", conversation)
                        .param("at", java.sql.Timestamp.from(at)).param("awaiting", awaitingBuyer).update();
            }
        });
    }

    /** {@code litper.agents.outcomes{store, outcome, reason}}: episodes closed, counted once, when they close. */
    void count(UUID store, String outcome, String reason) {
        Counter.builder("litper.agents.outcomes").description("Conversations the agent handled, by how they ended")
                .tag("store", store.toString()).tag("outcome", outcome).tag("reason", reason == null ? "none" : reason)
                .register(meters).increment();
    }
}
