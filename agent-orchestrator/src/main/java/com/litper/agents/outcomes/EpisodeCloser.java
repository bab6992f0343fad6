package com.litper.agents.outcomes;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes the episodes whose last answer is older than {@code litper.agents.outcomes.quiet-period}
 * (24 h: WhatsApp's window, after which the agent could not write to the buyer anyway): ABANDONED when
 * that answer asked the buyer something, RESOLVED otherwise (see {@link Episodes}). Runs every
 * {@code close-every} on every replica: no leader is needed, because each episode is closed by one
 * {@code UPDATE ... WHERE outcome IS NULL} that row locks decide ({@code FOR UPDATE SKIP LOCKED}: two
 * replicas take different rows), so an episode is closed, and counted, once however often or wherever
 * the job runs. Its {@code closed_at} is the moment the quiet period ended, not when the job saw it.
 */
@Component
public class EpisodeCloser {

    private static final Logger log = LoggerFactory.getLogger(EpisodeCloser.class);
    private static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final Episodes episodes;
    private final Clock clock;
    private final Duration quietPeriod;

    EpisodeCloser(JdbcClient jdbc, Episodes episodes, Clock clock,
            @Value("${litper.agents.outcomes.quiet-period:24h}") Duration quietPeriod) {
        this.jdbc = jdbc;
        this.episodes = episodes;
        this.clock = clock;
        this.quietPeriod = quietPeriod;
    }

    @Scheduled(fixedDelayString = "${litper.agents.outcomes.close-every:1m}", initialDelayString = "${litper.agents.outcomes.close-every:1m}")
    void scheduled() {
        try {
            closeQuiet();
        } catch (RuntimeException e) {
            log.warn("Could not close quiet agent episodes (the next tick tries again): {}", e.toString());
        }
    }

    /** Closes every episode quiet for the period; answers how many it closed. Safe to run at once on many replicas. */
    public int closeQuiet() {
        Timestamp before = Timestamp.from(clock.instant().minus(quietPeriod));
        int total = 0;
        while (true) {
            var closed = jdbc.sql("""
                            UPDATE agents.agent_episode e
                            SET outcome = CASE WHEN e.awaiting_buyer THEN 'ABANDONED' ELSE 'RESOLVED' END,
                                closed_at = e.last_answer_at + CAST(:quiet AS interval)
                            WHERE e.id IN (SELECT id FROM agents.agent_episode
                                           WHERE outcome IS NULL AND last_answer_at < :before
                                           ORDER BY last_answer_at LIMIT :batch FOR UPDATE SKIP LOCKED)
                              AND e.outcome IS NULL
                            RETURNING e.store_id, e.outcome""")
                    .param("quiet", quietPeriod.toMillis() + " milliseconds").param("before", before).param("batch", BATCH)
                    .query((rs, n) -> new Closed(rs.getObject("store_id", UUID.class), rs.getString("outcome"))).list();
            closed.forEach(c -> episodes.count(c.store(), c.outcome(), null));
            total += closed.size();
            if (closed.size() < BATCH) {
                return total;
            }
        }
    }

    private record Closed(UUID store, String outcome) {
    }
}
