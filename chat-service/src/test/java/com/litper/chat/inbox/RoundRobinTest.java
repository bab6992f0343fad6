package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Agents say whether they take conversations and how many; handed-over conversations go round to them. */
class RoundRobinTest extends InboxTestSupport {

    @Test
    void theRoundRobinFillsAgentsUpToTheirCapsAndLeavesTheRestUnassigned() {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        String luis = newSubject();
        String marta = newSubject();
        available(store, ana, true, 2);
        available(store, luis, true, 1);
        available(store, marta, false, 10);

        List<String> assignees = new ArrayList<>();
        List<UUID> conversations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID id = conversation(store, Instant.now());
            conversations.add(id);
            Http.Response handed = post(path(id, "/hand-over"), owner(store), null);
            assertThat(handed.status()).as(handed.body()).isEqualTo(200);
            assertThat(handed.json().path("controller").asString()).isEqualTo("HUMAN");
            assignees.add(handed.json().path("assignee").isNull() ? null : handed.json().path("assignee").asString());
        }
        Map<String, Long> load = assignees.stream().filter(a -> a != null).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(load).containsExactlyInAnyOrderEntriesOf(Map.of(ana, 2L, luis, 1L));
        assertThat(assignees.get(3)).as("every available agent is at their cap").isNull();
        assertThat(ids(get("/api/chat/conversations?assignee=none", owner(store)))).containsExactly(conversations.get(3));

        // The agents' loads as the inbox shows them.
        Http.Response agents = get("/api/chat/agents", role(store, Role.VIEWER));
        assertThat(agents.status()).isEqualTo(200);
        Map<String, Integer> open = agents.json().valueStream()
                .collect(Collectors.toMap(a -> a.path("subject").asString(), a -> a.path("open").asInt()));
        assertThat(open).containsExactlyInAnyOrderEntriesOf(Map.of(ana, 2, luis, 1, marta, 0));

        // Resolving one of Luis's frees his place: the waiting conversation goes to him when the buyer writes again.
        UUID luiss = conversations.get(assignees.indexOf(luis));
        assertThat(post(path(luiss, "/resolve"), agent(store, luis), null).status()).isEqualTo(200);
        assertThat(post(path(conversations.get(3), "/reopen"), owner(store), null).json().path("assignee").asString()).isEqualTo(luis);
    }

    @Test
    void handOversAtTheSameTimeNeverPutAnAgentOverTheirCap() throws Exception {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        String luis = newSubject();
        available(store, ana, true, 3);
        available(store, luis, true, 2);
        List<UUID> conversations = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            conversations.add(conversation(store, Instant.now()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (UUID id : conversations) {
                calls.add(pool.submit(() -> post(path(id, "/hand-over"), owner(store), null).status()));
            }
            for (Future<Integer> call : calls) {
                assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Long> load = jdbc.sql("SELECT assignee FROM chat.conversation WHERE store_id = :s AND assignee IS NOT NULL")
                .param("s", store).query(String.class).list().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(load).containsExactlyInAnyOrderEntriesOf(Map.of(ana, 3L, luis, 2L));
        assertThat(ids(get("/api/chat/conversations?assignee=none&controller=HUMAN", owner(store)))).hasSize(5);
    }

    @Test
    void theAgentWithFewestOpenConversationsGetsTheNextAndTiesGoToWhoeverWaitedLongest() {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        String luis = newSubject();
        available(store, ana, true, 5);
        available(store, luis, true, 5);
        // Ana already works one she took over herself.
        assertThat(post(path(conversation(store, Instant.now()), "/take-over"), agent(store, ana), null).status()).isEqualTo(200);

        assertThat(handOver(store)).as("fewest open").isEqualTo(luis);
        // 1 each now; Ana was never given one by the round-robin, Luis just was.
        assertThat(handOver(store)).as("longest since the last assignment").isEqualTo(ana);
        clock.advance(Duration.ofMinutes(1));
        assertThat(handOver(store)).isEqualTo(luis);
        assertThat(handOver(store)).isEqualTo(ana);
    }

    @Test
    void nobodyAvailableLeavesItUnassignedUntilTheBuyerWritesWhenSomeoneIs() {
        String ana = newSubject();
        String phone = newPhone();
        buyerWrites(phone, "Hola", Instant.now().minusSeconds(60));
        UUID id = conversationOf(phone);
        available(STORE_ID, ana, false, 3);
        // Other tests' agents of this store stay away too.
        jdbc.sql("UPDATE chat.agent SET available = false WHERE store_id = :s").param("s", STORE_ID).update();

        Http.Response handed = post(path(id, "/hand-over"), owner(STORE_ID), null);
        assertThat(handed.json().path("assignee").isNull()).isTrue();

        available(STORE_ID, ana, true, 3);
        buyerWrites(phone, "¿Hay alguien?", Instant.now());
        assertThat(row(id).get("assignee")).isEqualTo(ana);
        jdbc.sql("UPDATE chat.agent SET available = false WHERE store_id = :s").param("s", STORE_ID).update();
    }

    @Test
    void anUnassignmentIsNotUndoneByTheRoundRobin() {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        available(store, ana, true, 5);
        UUID id = conversation(store, Instant.now());
        assertThat(post(path(id, "/hand-over"), owner(store), null).json().path("assignee").asString()).isEqualTo(ana);
        Http.Response unassigned = put(path(id, "/assignee"), owner(store), "{\"assignee\":null}");
        assertThat(unassigned.json().path("assignee").isNull()).isTrue();
    }

    @Test
    void anAgentSetsTheirOwnAvailabilityWithinLimits() {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        assertProblem(get("/api/chat/agents/me", agent(store, ana)), 404);
        Http.Response joined = put("/api/chat/agents/me", agent(store, ana), "{\"available\":true,\"maxOpen\":4}");
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.json().path("subject").asString()).isEqualTo(ana);
        assertThat(joined.json().path("available").asBoolean()).isTrue();
        assertThat(joined.json().path("maxOpen").asInt()).isEqualTo(4);
        assertThat(get("/api/chat/agents/me", agent(store, ana)).json().path("maxOpen").asInt()).isEqualTo(4);

        assertProblem(put("/api/chat/agents/me", agent(store, ana), "{\"available\":true,\"maxOpen\":0}"), 400);
        assertProblem(put("/api/chat/agents/me", agent(store, ana), "{\"maxOpen\":3}"), 400);
        assertProblem(put("/api/chat/agents/me", role(store, Role.VIEWER), "{\"available\":true,\"maxOpen\":3}"), 403);
        assertProblem(put("/api/chat/agents/me", role(store, Role.INTEGRATION), "{\"available\":true,\"maxOpen\":3}"), 403);
        // Another store does not see Ana.
        assertThat(get("/api/chat/agents", owner(UUID.randomUUID())).json().size()).isZero();
    }

    // ---- helpers ----

    private void available(UUID store, String subject, boolean available, int maxOpen) {
        Http.Response response = put("/api/chat/agents/me", agent(store, subject),
                "{\"available\":" + available + ",\"maxOpen\":" + maxOpen + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private String handOver(UUID store) {
        Http.Response handed = post(path(conversation(store, Instant.now()), "/hand-over"), owner(store), null);
        assertThat(handed.status()).as(handed.body()).isEqualTo(200);
        return handed.json().path("assignee").asString();
    }

    private static String path(UUID conversation, String suffix) {
        return "/api/chat/conversations/" + conversation + suffix;
    }

    private static List<UUID> ids(Http.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().path("items").valueStream().map(item -> UUID.fromString(item.path("id").asString())).toList();
    }
}
