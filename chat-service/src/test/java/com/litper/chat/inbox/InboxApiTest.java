package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.contracts.NotifyBuyer;
import com.litper.common.security.Role;
import com.litper.common.task.Tasks;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The inbox's endpoints, each store on its own: lists, a conversation with its messages, and every action. */
class InboxApiTest extends InboxTestSupport {

    private static final String CONVERSATIONS = "/api/chat/conversations";

    /** Every endpoint on one conversation: method, path after the conversation, body. */
    private static List<String[]> endpoints() {
        String until = Instant.now().plus(Duration.ofHours(2)).toString();
        return List.of(
                new String[] {"GET", "", null},
                new String[] {"POST", "/read", null},
                new String[] {"PUT", "/assignee", "{\"assignee\":\"me\"}"},
                new String[] {"PUT", "/labels", "{\"labels\":[\"vip\"]}"},
                new String[] {"PUT", "/priority", "{\"priority\":\"HIGH\"}"},
                new String[] {"POST", "/snooze", "{\"until\":\"" + until + "\"}"},
                new String[] {"POST", "/resolve", null},
                new String[] {"POST", "/reopen", null},
                new String[] {"POST", "/take-over", null},
                new String[] {"POST", "/hand-over", null},
                new String[] {"POST", "/hand-back", null},
                new String[] {"POST", "/messages", "{\"text\":\"Hola Ana\"}"});
    }

    // ---- list ----

    @Test
    void theListShowsTheStoresConversationsNewestActivityFirst() {
        UUID store = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID older = conversation(store, now.minusSeconds(300));
        UUID newest = conversation(store, now.minusSeconds(10));
        UUID middle = conversation(store, now.minusSeconds(100));

        Http.Response page = get(CONVERSATIONS, owner(store));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(ids(page)).containsExactly(newest, middle, older);
        assertThat(page.json().path("nextCursor").isNull()).isTrue();
        JsonNode first = page.json().path("items").get(0);
        assertThat(first.path("status").asString()).isEqualTo("OPEN");
        assertThat(first.path("controller").asString()).isEqualTo("AI");
        assertThat(first.path("unread").asInt()).isEqualTo(1);
        assertThat(first.path("serviceWindowOpen").asBoolean()).isTrue();
        assertThat(Instant.parse(first.path("lastMessageAt").asString())).isEqualTo(now.minusSeconds(10));
        assertThat(first.path("buyerPhone").asString()).startsWith("+57");

        // Viewers read too.
        assertThat(ids(get(CONVERSATIONS, role(store, Role.VIEWER)))).containsExactly(newest, middle, older);
    }

    @Test
    void theListFiltersByStatusAssigneeLabelUnreadAndController() {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        String luis = newSubject();
        Instant now = Instant.now();
        UUID mine = conversation(store, now.minusSeconds(50));
        UUID luiss = conversation(store, now.minusSeconds(40));
        UUID nobodys = conversation(store, now.minusSeconds(30));
        UUID resolved = conversation(store, now.minusSeconds(20));
        assertThat(post(path(mine, "/take-over"), agent(store, ana), null).status()).isEqualTo(200);
        assertThat(post(path(luiss, "/take-over"), agent(store, luis), null).status()).isEqualTo(200);
        assertThat(put(path(luiss, "/labels"), agent(store, luis), "{\"labels\":[\"VIP\",\" devolución \"]}").status()).isEqualTo(200);
        assertThat(post(path(mine, "/read"), agent(store, ana), null).status()).isEqualTo(200);
        assertThat(post(path(resolved, "/resolve"), owner(store), null).status()).isEqualTo(200);

        assertThat(ids(get(CONVERSATIONS + "?assignee=me", agent(store, ana)))).containsExactly(mine);
        assertThat(ids(get(CONVERSATIONS + "?assignee=" + luis, agent(store, ana)))).containsExactly(luiss);
        assertThat(ids(get(CONVERSATIONS + "?assignee=none", agent(store, ana)))).containsExactly(resolved, nobodys);
        assertThat(ids(get(CONVERSATIONS + "?label=vip", owner(store)))).containsExactly(luiss);
        assertThat(ids(get(CONVERSATIONS + "?label=Devoluci%C3%B3n", owner(store)))).containsExactly(luiss);
        assertThat(ids(get(CONVERSATIONS + "?unread=true", owner(store)))).containsExactly(resolved, nobodys, luiss);
        assertThat(ids(get(CONVERSATIONS + "?unread=false", owner(store)))).containsExactly(mine);
        assertThat(ids(get(CONVERSATIONS + "?controller=human", owner(store)))).containsExactly(luiss, mine);
        assertThat(ids(get(CONVERSATIONS + "?controller=AI&status=open", owner(store)))).containsExactly(nobodys);
        assertThat(ids(get(CONVERSATIONS + "?status=RESOLVED,PENDING", owner(store)))).containsExactly(resolved);
        assertThat(ids(get(CONVERSATIONS + "?status=OPEN&assignee=none&unread=true", owner(store)))).containsExactly(nobodys);
    }

    @Test
    void keysetPaginationReturnsEveryConversationExactlyOnce() {
        UUID store = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Set<UUID> created = new HashSet<>();
        for (int i = 0; i < 11; i++) {
            // Pairs with the same activity time: the id breaks the tie.
            created.add(conversation(store, now.minusSeconds(i / 2 * 60L)));
        }
        List<UUID> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Response page = get(CONVERSATIONS + "?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), owner(store));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().path("items").size()).isLessThanOrEqualTo(3);
            seen.addAll(ids(page));
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(11).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(created);
    }

    @Test
    void badListParametersAre400WithADetail() {
        String token = owner(UUID.randomUUID());
        assertProblem(get(CONVERSATIONS + "?status=CLOSED", token), 400);
        assertThat(get(CONVERSATIONS + "?status=CLOSED", token).json().path("detail").asString()).contains("OPEN", "CLOSED");
        assertProblem(get(CONVERSATIONS + "?controller=robot", token), 400);
        assertProblem(get(CONVERSATIONS + "?limit=0", token), 400);
        assertProblem(get(CONVERSATIONS + "?limit=101", token), 400);
        assertProblem(get(CONVERSATIONS + "?unread=maybe", token), 400);
        assertProblem(get(CONVERSATIONS + "?cursor=bm90LWEtY3Vyc29y", token), 400);
    }

    // ---- one conversation ----

    @Test
    void aConversationShowsItsMessagesInOrderWithDeliveryStatusAndWhatsappsFailure() {
        String phone = newPhone();
        Instant t = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        buyerWrites(phone, "Hola", t);
        UUID id = conversationOf(phone);
        String sent = newWamid();
        String failed = newWamid();
        deliver(statusOf(sent, "sent", t.plusSeconds(60), phone, null));
        deliver(statusOf(sent, "delivered", t.plusSeconds(61), phone, null));
        deliver(statusOf(failed, "sent", t.plusSeconds(120), phone, null));
        deliver(statusOf(failed, "failed", t.plusSeconds(121), phone, 131026));
        buyerWrites(phone, "¿Hola?", t.plusSeconds(180));

        Http.Response response = get(path(id, ""), owner(STORE_ID));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode json = response.json();
        assertThat(json.path("conversation").path("id").asString()).isEqualTo(id.toString());
        assertThat(json.path("conversation").path("unread").asInt()).isEqualTo(2);
        JsonNode messages = json.path("messages");
        assertThat(messages.size()).isEqualTo(4);
        assertThat(messages.get(0).path("body").asString()).isEqualTo("Hola");
        assertThat(messages.get(0).path("direction").asString()).isEqualTo("INBOUND");
        assertThat(messages.get(1).path("whatsappMessageId").asString()).isEqualTo(sent);
        assertThat(messages.get(1).path("status").asString()).isEqualTo("DELIVERED");
        assertThat(messages.get(1).path("failure").isNull()).isTrue();
        assertThat(messages.get(2).path("status").asString()).isEqualTo("FAILED");
        assertThat(messages.get(2).path("failure").path("code").asInt()).isEqualTo(131026);
        assertThat(messages.get(2).path("failure").path("title").asString()).isEqualTo("Message undeliverable");
        assertThat(messages.get(3).path("body").asString()).isEqualTo("¿Hola?");
        assertThat(json.path("olderMessages").asBoolean()).isFalse();
    }

    @Autowired
    Tasks tasks;

    @Test
    void aConversationShowsTheBuyersOrdersWithThisStoreOnlyWithTheirLatestEvent() {
        String phone = newPhone();
        Instant t = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);
        buyerWrites(phone, "¿Y mi pedido?", t);
        UUID id = conversationOf(phone);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        tasks.send(new NotifyBuyer(STORE_ID, first, phone, "Ana", NotifyBuyer.Event.SHIPPED, null, "SV111", "Servientrega", null,
                t.minusSeconds(7200)));
        tasks.send(new NotifyBuyer(STORE_ID, first, phone, "Ana", NotifyBuyer.Event.EXCEPTION, "Cliente ausente", "SV111", "Servientrega",
                UUID.randomUUID(), t.minusSeconds(600)));
        // A late, older event does not hide the latest one.
        tasks.send(new NotifyBuyer(STORE_ID, first, phone, "Ana", NotifyBuyer.Event.OUT_FOR_DELIVERY, null, "SV111", "Servientrega",
                UUID.randomUUID(), t.minusSeconds(1200)));
        tasks.send(new NotifyBuyer(STORE_ID, second, phone, "Ana", NotifyBuyer.Event.SHIPPED, null, "IR222", "Inter Rapidísimo", null,
                t.minusSeconds(60)));
        // The same buyer's order with another store is not this store's business.
        tasks.send(new NotifyBuyer(UUID.randomUUID(), elsewhere, phone, "Ana", NotifyBuyer.Event.SHIPPED, null, "CO333", "Coordinadora",
                null, t));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode orders = get(path(id, ""), owner(STORE_ID)).json().path("orders");
            assertThat(orders.size()).isEqualTo(2);
            assertThat(orders.get(0).path("orderId").asString()).isEqualTo(second.toString());
            assertThat(orders.get(0).path("lastEvent").asString()).isEqualTo("SHIPPED");
            assertThat(orders.get(0).path("trackingNumber").asString()).isEqualTo("IR222");
            assertThat(orders.get(0).path("carrierName").asString()).isEqualTo("Inter Rapidísimo");
            assertThat(orders.get(1).path("orderId").asString()).isEqualTo(first.toString());
            assertThat(orders.get(1).path("lastEvent").asString()).isEqualTo("EXCEPTION");
            assertThat(orders.get(1).path("reason").asString()).isEqualTo("Cliente ausente");
            assertThat(Instant.parse(orders.get(1).path("lastEventAt").asString())).isEqualTo(t.minusSeconds(600));
        });
        assertThat(get(path(id, ""), owner(STORE_ID)).body()).doesNotContain(elsewhere.toString(), "CO333");
    }

    @Test
    void anUnknownConversationIs404AndABadIdIs400() {
        String token = owner(UUID.randomUUID());
        Http.Response unknown = get(path(UUID.randomUUID(), ""), token);
        assertProblem(unknown, 404);
        assertThat(unknown.json().path("detail").asString()).contains("Your store has no conversation");
        assertProblem(get(CONVERSATIONS + "/not-a-uuid", token), 400);
    }

    // ---- actions ----

    @Test
    void markingReadClearsTheUnreadCount() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        Http.Response read = post(path(id, "/read"), agent(store, newSubject()), null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("unread").asInt()).isZero();
        assertThat(read.json().path("lastReadAt").asString()).isNotBlank();
        assertThat(row(id).get("unread")).isEqualTo(0);
    }

    @Test
    void assigningNeedsOneOfTheStoresAgentsMeOrNobody() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        String ana = newSubject();
        String luis = newSubject();

        Http.Response stranger = put(path(id, "/assignee"), owner(store), "{\"assignee\":\"" + luis + "\"}");
        assertProblem(stranger, 422);
        assertThat(stranger.json().path("detail").asString()).contains(luis, "PUT /api/chat/agents/me");

        Http.Response self = put(path(id, "/assignee"), agent(store, ana), "{\"assignee\":\"me\"}");
        assertThat(self.status()).as(self.body()).isEqualTo(200);
        assertThat(self.json().path("assignee").asString()).isEqualTo(ana);

        // Ana is one of the store's agents now: someone else may assign to her.
        Http.Response toAna = put(path(id, "/assignee"), owner(store), "{\"assignee\":\"" + ana + "\"}");
        assertThat(toAna.status()).isEqualTo(200);
        Http.Response nobody = put(path(id, "/assignee"), owner(store), "{\"assignee\":null}");
        assertThat(nobody.status()).as(nobody.body()).isEqualTo(200);
        assertThat(nobody.json().path("assignee").isNull()).isTrue();
        assertThat(row(id).get("assigned_at")).isNull();

        assertProblem(put(path(id, "/assignee"), owner(store), "{\"assignee\":\"two words\"}"), 400);
    }

    @Test
    void labelsAreReplacedNormalisedAndValidated() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        Http.Response labelled = put(path(id, "/labels"), owner(store), "{\"labels\":[\"VIP\",\"vip\",\" Devolución \"]}");
        assertThat(labelled.status()).as(labelled.body()).isEqualTo(200);
        assertThat(labelled.json().path("labels").valueStream().map(JsonNode::asString).toList()).containsExactly("vip", "devolución");

        Http.Response invalid = put(path(id, "/labels"), owner(store), "{\"labels\":[\"<script>\"]}");
        assertProblem(invalid, 400);
        assertThat(invalid.json().path("errors").get(0).path("field").asString()).startsWith("labels");
        assertProblem(put(path(id, "/labels"), owner(store), "{}"), 400);
        assertThat(put(path(id, "/labels"), owner(store), "{\"labels\":[]}").json().path("labels").size()).isZero();
    }

    @Test
    void priorityIsOneOfFour() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        Http.Response urgent = put(path(id, "/priority"), owner(store), "{\"priority\":\"URGENT\"}");
        assertThat(urgent.status()).as(urgent.body()).isEqualTo(200);
        assertThat(urgent.json().path("priority").asString()).isEqualTo("URGENT");
        Http.Response wrong = put(path(id, "/priority"), owner(store), "{\"priority\":\"CRITICAL\"}");
        assertProblem(wrong, 400);
        assertThat(wrong.json().path("detail").asString()).contains("priority");
        assertProblem(put(path(id, "/priority"), owner(store), "{}"), 400);
    }

    @Test
    void snoozingNeedsATimeInTheFutureAndTheTimeWakesTheConversation() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        Http.Response past = post(path(id, "/snooze"), owner(store), "{\"until\":\"" + Instant.now().minusSeconds(60) + "\"}");
        assertProblem(past, 400);
        assertThat(past.json().path("detail").asString()).contains("future");
        assertProblem(post(path(id, "/snooze"), owner(store), "{\"until\":\"" + Instant.now().plus(Duration.ofDays(365)) + "\"}"), 400);
        assertProblem(post(path(id, "/snooze"), owner(store), "{\"until\":\"tomorrow\"}"), 400);

        Instant until = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Http.Response snoozed = post(path(id, "/snooze"), owner(store), "{\"until\":\"" + until + "\"}");
        assertThat(snoozed.status()).as(snoozed.body()).isEqualTo(200);
        assertThat(snoozed.json().path("status").asString()).isEqualTo("SNOOZED");
        assertThat(Instant.parse(snoozed.json().path("snoozedUntil").asString())).isEqualTo(until);
        assertThat(ids(get(CONVERSATIONS + "?status=SNOOZED", owner(store)))).containsExactly(id);
    }

    @Test
    void resolvingAndReopening() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        Http.Response resolved = post(path(id, "/resolve"), owner(store), null);
        assertThat(resolved.status()).as(resolved.body()).isEqualTo(200);
        assertThat(resolved.json().path("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.json().path("serviceLevel").path("resolvedAt").asString()).isNotBlank();
        Http.Response reopened = post(path(id, "/reopen"), owner(store), null);
        assertThat(reopened.json().path("status").asString()).isEqualTo("OPEN");
        assertThat(reopened.json().path("serviceLevel").path("resolvedAt").isNull()).isTrue();
    }

    @Test
    void takingOverHandingOverAndHandingBack() {
        UUID store = UUID.randomUUID();
        String ana = newSubject();
        UUID id = conversation(store, Instant.now());

        Http.Response taken = post(path(id, "/take-over"), agent(store, ana), null);
        assertThat(taken.status()).as(taken.body()).isEqualTo(200);
        assertThat(taken.json().path("controller").asString()).isEqualTo("HUMAN");
        assertThat(taken.json().path("assignee").asString()).isEqualTo(ana);
        assertThat(taken.json().path("serviceLevel").path("humanSince").asString()).isNotBlank();

        // Someone else taking over keeps Ana as the assignee.
        Http.Response again = post(path(id, "/take-over"), agent(store, newSubject()), null);
        assertThat(again.json().path("assignee").asString()).isEqualTo(ana);

        Http.Response back = post(path(id, "/hand-back"), agent(store, ana), null);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.json().path("controller").asString()).isEqualTo("AI");
        assertThat(back.json().path("serviceLevel").path("humanSince").isNull()).isTrue();

        Http.Response over = post(path(id, "/hand-over"), owner(store), null);
        assertThat(over.json().path("controller").asString()).isEqualTo("HUMAN");
        assertThat(row(id).get("controller")).isEqualTo("HUMAN");
    }

    // ---- isolation and roles ----

    @Test
    void anotherStoresConversationIsA404OnEveryEndpointAndNeverListed() {
        UUID storeA = UUID.randomUUID();
        UUID storeB = UUID.randomUUID();
        UUID id = conversation(storeA, Instant.now());
        String before = row(id).toString();
        UUID nonexistent = UUID.randomUUID();
        for (String[] endpoint : endpoints()) {
            Http.Response foreign = send(endpoint[0], path(id, endpoint[1]), owner(storeB), endpoint[2]);
            Http.Response missing = send(endpoint[0], path(nonexistent, endpoint[1]), owner(storeB), endpoint[2]);
            assertProblem(foreign, 404);
            assertThat(foreign.json().path("detail").asString()).as("%s %s", endpoint[0], endpoint[1])
                    .isEqualTo(missing.json().path("detail").asString().replace(nonexistent.toString(), id.toString()));
        }
        assertThat(row(id).toString()).as("nothing changed").isEqualTo(before);
        assertThat(ids(get(CONVERSATIONS, owner(storeB)))).isEmpty();
        assertThat(ids(get(CONVERSATIONS + "?assignee=none&status=OPEN", owner(storeB)))).isEmpty();
        assertThat(ids(get(CONVERSATIONS, owner(storeA)))).containsExactly(id);
    }

    @Test
    void viewersOnlyReadAndIntegrationsAndOperatorsAreRefused() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        String viewer = role(store, Role.VIEWER);
        for (String[] endpoint : endpoints()) {
            Http.Response answer = send(endpoint[0], path(id, endpoint[1]), viewer, endpoint[2]);
            if (endpoint[0].equals("GET")) {
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            } else {
                assertProblem(answer, 403);
            }
            assertProblem(send(endpoint[0], path(id, endpoint[1]), role(store, Role.INTEGRATION), endpoint[2]), 403);
            assertProblem(send(endpoint[0], path(id, endpoint[1]), TestTokens.operator(), endpoint[2]), 403);
            assertProblem(send(endpoint[0], path(id, endpoint[1]), "not-a-token", endpoint[2]), 401);
        }
        assertProblem(get(CONVERSATIONS, role(store, Role.INTEGRATION)), 403);
        assertProblem(get(CONVERSATIONS, TestTokens.operator()), 403);
        assertThat(row(id).get("controller")).isEqualTo("AI");
        assertThat(row(id).get("status")).isEqualTo("OPEN");
    }

    // ---- helpers ----

    private static String path(UUID conversation, String suffix) {
        return CONVERSATIONS + "/" + conversation + suffix;
    }

    private static List<UUID> ids(Http.Response page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.json().path("items").valueStream().map(item -> UUID.fromString(item.path("id").asString())).toList();
    }
}
