package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.security.Role;
import com.litper.common.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Live updates over Server-Sent Events from the store's Redis stream, resumed with Last-Event-ID. */
class EventsTest extends InboxTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    InboxEvents events;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aBuyersMessageReachesAnOpenStreamAsItsEvents() {
        try (SseClient stream = open(owner(STORE_ID), null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            await().atMost(WAIT).until(() -> !stream.named(EventStreams.READY).isEmpty());

            String phone = newPhone();
            buyerWrites(phone, "¿Dónde está mi pedido?", Instant.now());
            UUID id = conversationOf(phone);

            await().atMost(WAIT).until(() -> eventsOf(stream, id, InboxEvents.MESSAGE).size() == 1
                    && !eventsOf(stream, id, InboxEvents.CONVERSATION).isEmpty());
            JsonNode message = json(eventsOf(stream, id, InboxEvents.MESSAGE).get(0));
            assertThat(message.path("message").path("body").asString()).isEqualTo("¿Dónde está mi pedido?");
            assertThat(message.path("message").path("direction").asString()).isEqualTo("INBOUND");
            JsonNode conversation = json(eventsOf(stream, id, InboxEvents.CONVERSATION).get(0));
            assertThat(conversation.path("status").asString()).isEqualTo("OPEN");
            assertThat(conversation.path("unread").asInt()).isEqualTo(1);
            // The SSE id is the stream entry's id.
            SseClient.Event event = eventsOf(stream, id, InboxEvents.MESSAGE).get(0);
            assertThat(redis.opsForStream().range(ChatKeys.events(STORE_ID), org.springframework.data.domain.Range.closed(event.id(), event.id())))
                    .hasSize(1);
        }
    }

    @Test
    void statusAssignmentAndControllerChangesAreEvents() {
        String phone = newPhone();
        buyerWrites(phone, "Hola", Instant.now().minusSeconds(10));
        UUID id = conversationOf(phone);
        String ana = newSubject();
        try (SseClient stream = open(role(STORE_ID, Role.VIEWER), null)) {
            await().atMost(WAIT).until(() -> !stream.named(EventStreams.READY).isEmpty());

            assertThat(post("/api/chat/conversations/" + id + "/take-over", agent(STORE_ID, ana), null).status()).isEqualTo(200);
            String wamid = newWamid();
            deliver(statusOf(wamid, "sent", Instant.now(), phone, null));
            deliver(statusOf(wamid, "delivered", Instant.now(), phone, null));

            await().atMost(WAIT).until(() -> eventsOf(stream, id, InboxEvents.MESSAGE_STATUS).size() == 1);
            JsonNode takenOver = json(eventsOf(stream, id, InboxEvents.CONVERSATION).get(0));
            assertThat(takenOver.path("controller").asString()).isEqualTo("HUMAN");
            assertThat(takenOver.path("assignee").asString()).isEqualTo(ana);
            JsonNode status = json(eventsOf(stream, id, InboxEvents.MESSAGE_STATUS).get(0));
            assertThat(status.path("message").path("whatsappMessageId").asString()).isEqualTo(wamid);
            assertThat(status.path("message").path("status").asString()).isEqualTo("DELIVERED");
        }
    }

    @Test
    void reconnectingWithLastEventIdGetsOnlyLaterEvents() {
        String phone = newPhone();
        String lastSeen;
        UUID id;
        try (SseClient first = open(owner(STORE_ID), null)) {
            await().atMost(WAIT).until(() -> !first.named(EventStreams.READY).isEmpty());
            buyerWrites(phone, "primero", Instant.now());
            id = conversationOf(phone);
            await().atMost(WAIT).until(() -> eventsOf(first, id, InboxEvents.CONVERSATION).size() == 1);
            List<SseClient.Event> seen = first.events();
            lastSeen = seen.get(seen.size() - 1).id();
        }
        // While nobody listens.
        buyerWrites(phone, "segundo", Instant.now());
        buyerWrites(phone, "tercero", Instant.now());

        try (SseClient resumed = open(owner(STORE_ID), lastSeen)) {
            await().atMost(WAIT).until(() -> eventsOf(resumed, id, InboxEvents.MESSAGE).size() == 2);
            SseClient.Event ready = resumed.named(EventStreams.READY).get(0);
            assertThat(json(ready).path("resumed").asBoolean()).isTrue();
            assertThat(resumed.named(EventStreams.RESET)).isEmpty();
            assertThat(eventsOf(resumed, id, InboxEvents.MESSAGE).stream().map(e -> json(e).path("message").path("body").asString()))
                    .containsExactly("segundo", "tercero");
            assertThat(resumed.events().stream().filter(e -> e.id() != null && !e.name().equals(EventStreams.READY)))
                    .allSatisfy(e -> assertThat(EventStreams.compare(e.id(), lastSeen)).isPositive());
        }
    }

    @Test
    void aPositionNoLongerKeptGetsAReset() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        assertThat(post("/api/chat/conversations/" + id + "/read", owner(store), null).status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> streamLength(store) == 1);
        String kept = redis.opsForStream().range(ChatKeys.events(store), org.springframework.data.domain.Range.unbounded()).get(0).getId().getValue();
        // An id older than anything the stream holds.
        try (SseClient stream = open(owner(store), "1-0")) {
            await().atMost(WAIT).until(() -> !stream.named(EventStreams.RESET).isEmpty());
            assertThat(stream.named(EventStreams.RESET).get(0).id()).isEqualTo(kept);
        }
        try (SseClient garbage = open(owner(store), "yesterday")) {
            await().atMost(WAIT).until(() -> !garbage.named(EventStreams.RESET).isEmpty());
        }
    }

    @Test
    void aStreamCarriesOnlyItsOwnStoresEvents() {
        UUID otherStore = UUID.randomUUID();
        UUID others = conversation(otherStore, Instant.now());
        try (SseClient stream = open(owner(otherStore), null)) {
            await().atMost(WAIT).until(() -> !stream.named(EventStreams.READY).isEmpty());
            String phone = newPhone();
            buyerWrites(phone, "Hola", Instant.now());
            await().atMost(WAIT).until(() -> streamContains(STORE_ID, conversationOf(phone)));
            // Published after STORE's events by the same writer: once it arrives, a leak would have arrived before it.
            assertThat(post("/api/chat/conversations/" + others + "/read", owner(otherStore), null).status()).isEqualTo(200);
            await().atMost(WAIT).until(() -> !eventsOf(stream, others, InboxEvents.CONVERSATION).isEmpty());
            assertThat(stream.events()).filteredOn(e -> !e.name().equals(EventStreams.READY))
                    .allSatisfy(e -> assertThat(e.data()).contains(others.toString()).doesNotContain(phone));
        }
    }

    @Test
    void eventsArePublishedOnlyWhenTheTransactionCommits() {
        UUID store = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> {
            events.publish(store, "rolled_back", Map.of("n", 1));
            tx.setRollbackOnly();
        });
        transactions.executeWithoutResult(tx -> events.publish(store, "committed", Map.of("n", 2)));
        await().atMost(WAIT).until(() -> streamLength(store) == 1);
        assertThat(redis.opsForStream().range(ChatKeys.events(store), org.springframework.data.domain.Range.unbounded()))
                .extracting(r -> r.getValue().get("type")).containsExactly("committed");
    }

    @Test
    void integrationsAndOperatorsGetNoStream() {
        UUID store = UUID.randomUUID();
        assertProblem(get("/api/chat/events", role(store, Role.INTEGRATION)), 403);
        assertProblem(get("/api/chat/events", TestTokens.operator()), 403);
        assertProblem(http().get("/api/chat/events"), 401);
    }

    // ---- helpers ----

    private SseClient open(String token, String lastEventId) {
        Map<String, String> headers = new HashMap<>(TestTokens.bearer(token));
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return SseClient.open(http().uri("/api/chat/events"), headers);
    }

    private static List<SseClient.Event> eventsOf(SseClient stream, UUID conversation, String name) {
        return stream.named(name).stream().filter(e -> e.data().contains(conversation.toString())).toList();
    }

    private static JsonNode json(SseClient.Event event) {
        return JSON.readTree(event.data());
    }

    private long streamLength(UUID store) {
        Long size = redis.opsForStream().size(ChatKeys.events(store));
        return size == null ? 0 : size;
    }

    private boolean streamContains(UUID store, UUID conversation) {
        return redis.opsForStream().range(ChatKeys.events(store), org.springframework.data.domain.Range.unbounded()).stream()
                .anyMatch(r -> r.getValue().toString().contains(conversation.toString()));
    }
}
