package com.litper.agents.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.agents.outcomes.EpisodeCloser;
import com.litper.agents.outcomes.Episodes;
import com.litper.agents.settings.AgentSettings;
import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * How each conversation the agent handled ended (episodes), the job that closes quiet ones, and the
 * rates per store and period. Time passing is the test moving an episode's last answer back by more
 * than the quiet period (24 h).
 */
class OutcomesTest extends AgentsApiTestSupport {

    @Autowired
    EpisodeCloser closer;

    @Autowired
    Episodes episodes;

    @Autowired
    MeterRegistry meters;

    @Test
    void eachKindOfEndingIsClassifiedOnceAndTheRatesAddUp() throws Exception {
        UUID store = UUID.randomUUID();
        // RESOLVED: answered without a question, the buyer never needed a person.
        UUID resolved = UUID.randomUUID();
        tasks.send(message(resolved, store, "¿Dónde está mi pedido?", Instant.now(), order("SV1", "Servientrega", "SHIPPED")));
        // ABANDONED: the agent asked something ("¿en qué te ayudo?") and the buyer never came back.
        UUID abandoned = UUID.randomUUID();
        tasks.send(message(abandoned, store, "hola", Instant.now()));
        // HANDED_OVER at once: the buyer asked for a person.
        UUID handedOver = UUID.randomUUID();
        tasks.send(message(handedOver, store, "Quiero hablar con un asesor", Instant.now()));
        // A try-it conversation never counts.
        Http.Response tried = send("POST", "/agents/try-it", token(store, Role.OWNER), "{\"message\": \"hola\"}");
        assertThat(tried.status()).as(tried.body()).isEqualTo(200);
        awaitReply(resolved);
        awaitReply(abandoned);
        awaitHandover(handedOver);
        for (UUID conversation : List.of(resolved, abandoned, handedOver)) {
            awaitRun(conversation);
            await().atMost(WAIT).until(() -> episode(conversation) != null);
        }
        assertThat(episode(resolved).get("outcome")).isNull();
        assertThat(episode(abandoned).get("awaiting_buyer")).isEqualTo(true);
        assertThat(episode(handedOver).get("outcome")).isEqualTo("HANDED_OVER");
        assertThat(episode(handedOver).get("handover_reason")).isEqualTo("BUYER_ASKED");
        assertThat(jdbc.sql("SELECT count(*) FROM agents.agent_episode WHERE store_id = :s").param("s", store).query(Long.class).single())
                .as("no episode for the try-it conversation").isEqualTo(3);

        // Not quiet yet: nothing closes.
        closer.closeQuiet();
        assertThat(episode(resolved).get("outcome")).isNull();

        // 25 hours later.
        jdbc.sql("UPDATE agents.agent_episode SET last_answer_at = last_answer_at - interval '25 hours', started_at = started_at - interval '25 hours'"
                + " WHERE store_id = :s AND outcome IS NULL").param("s", store).update();
        // Two replicas' jobs at once: each episode is closed (and counted) once.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            Callable<Integer> close = closer::closeQuiet;
            runs.add(pool.submit(close));
            runs.add(pool.submit(close));
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(episode(resolved).get("outcome")).isEqualTo("RESOLVED");
        assertThat(episode(abandoned).get("outcome")).isEqualTo("ABANDONED");
        assertThat(counted(store, "RESOLVED")).isEqualTo(1.0);
        assertThat(counted(store, "ABANDONED")).isEqualTo(1.0);
        assertThat(counted(store, "HANDED_OVER")).isEqualTo(1.0);
        // Idempotent: running it again closes nothing and counts nothing.
        closer.closeQuiet();
        assertThat(counted(store, "RESOLVED")).isEqualTo(1.0);
        assertThat(jdbc.sql("SELECT count(*) FROM agents.agent_episode WHERE store_id = :s AND outcome IS NOT NULL").param("s", store)
                .query(Long.class).single()).isEqualTo(3);

        // The rates, summed over the days around today (the closing times are an hour to a day ago).
        LocalDate today = LocalDate.now(AgentSettings.ZONE);
        JsonNode days = get("/agents/outcomes?from=" + today.minusDays(3) + "&to=" + today + "&granularity=day", token(store, Role.VIEWER)).json();
        assertThat(days.path("periods")).hasSize(4);
        assertThat(days.path("timeZone").asString()).isEqualTo("America/Bogota");
        long total = 0;
        long resolvedCount = 0;
        long handed = 0;
        long abandonedCount = 0;
        long buyerAsked = 0;
        for (JsonNode period : days.path("periods")) {
            total += period.path("total").asLong();
            resolvedCount += period.path("resolved").asLong();
            handed += period.path("handedOver").asLong();
            abandonedCount += period.path("abandoned").asLong();
            buyerAsked += period.path("handedOverByReason").path("BUYER_ASKED").asLong();
            if (period.path("total").asLong() > 0) {
                assertThat(period.path("resolvedRate").asDouble() + period.path("handedOverRate").asDouble()
                        + period.path("abandonedRate").asDouble()).isBetween(0.999, 1.001);
            }
        }
        assertThat(List.of(total, resolvedCount, handed, abandonedCount, buyerAsked)).containsExactly(3L, 1L, 1L, 1L, 1L);
        JsonNode week = get("/agents/outcomes?from=" + today.minusDays(3) + "&to=" + today + "&granularity=week", token(store, Role.OWNER)).json();
        assertThat(week.path("periods").values().stream().mapToLong(p -> p.path("total").asLong()).sum()).isEqualTo(3);
        assertThat(week.path("periods").get(0).path("start").asString()).isEqualTo(
                today.minusDays(3).with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).toString());
        // Another store sees none of it.
        JsonNode stranger = get("/agents/outcomes?from=" + today.minusDays(3) + "&to=" + today, token(UUID.randomUUID(), Role.OWNER)).json();
        assertThat(stranger.path("periods").values().stream().mapToLong(p -> p.path("total").asLong()).sum()).isZero();
        assertProblem(get("/agents/outcomes?from=" + today + "&to=" + today.minusDays(1), token(store, Role.OWNER)), 400);
        assertProblem(get("/agents/outcomes?from=" + today + "&to=" + today + "&granularity=month", token(store, Role.OWNER)), 400);
        assertProblem(get("/agents/outcomes?from=yesterday&to=" + today, token(store, Role.OWNER)), 400);
    }

    @Test
    void aLaterAnswerContinuesTheEpisodeAndAHandoverByTheSettingsClosesIt() {
        UUID store = UUID.randomUUID();
        UUID conversation = UUID.randomUUID();
        tasks.send(message(conversation, store, "hola", Instant.now()));
        awaitReply(conversation);
        await().atMost(WAIT).until(() -> episode(conversation) != null);
        UUID opened = (UUID) episode(conversation).get("id");

        // The buyer comes back and is answered: the same episode, no longer waiting on a question.
        tasks.send(message(conversation, store, "¿dónde está mi pedido?", Instant.now(), order("SV7", "Servientrega", "SHIPPED")));
        await().atMost(WAIT).until(() -> REPLIES.get(conversation).size() == 2);
        await().atMost(WAIT).until(() -> Boolean.FALSE.equals(episode(conversation).get("awaiting_buyer")));
        assertThat(episode(conversation).get("id")).isEqualTo(opened);

        // The owner switches the agent off; the buyer's next message goes to a person and ends the episode.
        putSettings(store, "{\"enabled\": false, \"tone\": \"CERCANO\", \"actions\": []}");
        tasks.send(message(conversation, store, "gracias, otra pregunta", Instant.now()));
        await().atMost(WAIT).until(() -> "HANDED_OVER".equals(episode(conversation).get("outcome")));
        assertThat(episode(conversation).get("handover_reason")).isEqualTo("AGENT_OFF");
        assertThat(episode(conversation).get("id")).isEqualTo(opened);

        // Off, a new conversation opens no episode: the agent answered nothing.
        UUID other = UUID.randomUUID();
        tasks.send(message(other, store, "hola", Instant.now()));
        awaitHandover(other);
        awaitRun(other);
        assertThat(jdbc.sql("SELECT count(*) FROM agents.agent_episode WHERE conversation_id = :c").param("c", other).query(Long.class).single())
                .isZero();
    }

    @Test
    void aRunRecordedTwiceChangesItsEpisodeOnce() {
        UUID store = UUID.randomUUID();
        UUID conversation = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID handover = UUID.randomUUID();
        episodes.runFinished(store, conversation, first, true, null, true, Instant.now());
        episodes.runFinished(store, conversation, first, true, null, true, Instant.now());
        episodes.runFinished(store, conversation, handover, true, "COMPLAINT", false, Instant.now());
        episodes.runFinished(store, conversation, handover, true, "COMPLAINT", false, Instant.now());
        assertThat(jdbc.sql("SELECT outcome FROM agents.agent_episode WHERE conversation_id = :c").param("c", conversation)
                .query(String.class).list()).containsExactly("HANDED_OVER");
        assertThat(meters.get("litper.agents.outcomes").tag("store", store.toString()).tag("reason", "COMPLAINT").counter().count())
                .isEqualTo(1.0);
    }

    private Map<String, Object> episode(UUID conversation) {
        return jdbc.sql("SELECT * FROM agents.agent_episode WHERE conversation_id = :c ORDER BY started_at DESC LIMIT 1")
                .param("c", conversation).query().listOfRows().stream().findFirst().orElse(null);
    }

    private double counted(UUID store, String outcome) {
        return meters.find("litper.agents.outcomes").tag("store", store.toString()).tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
