package com.litper.analytics.carrierchoice;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.security.Role;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store owner's carrier rule, and the choices published from it to Redis: the store's own numbers
 * when it has enough, else the network's, else the fallback carrier; never a disabled carrier.
 */
class CarrierRuleTest extends CarrierChoiceTestSupport {

    private static final LocalDate TODAY = LocalDate.now(CarrierChoiceJob.BOGOTA);

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    CarrierChoiceJob job;

    @Autowired
    ChoicePublisher publisher;

    @Test
    void aStoreWithoutARuleReadsTheDefaultsAndOnlyTheOwnerChangesIt() {
        UUID store = UUID.randomUUID();
        JsonNode defaults = get("/api/analytics/carrier-rule", TestTokens.store(store, Role.VIEWER)).json();
        assertThat(defaults.path("mode").asString()).isEqualTo("FIXED");
        assertThat(defaults.path("minSample").asInt()).isEqualTo(30);
        assertThat(defaults.path("windowDays").asInt()).isEqualTo(90);
        assertThat(defaults.path("costWeight").asDouble()).isZero();
        assertThat(defaults.path("fallbackCarrier").isNull()).isTrue();
        assertThat(defaults.path("saved").asBoolean()).isFalse();
        assertThat(defaults.path("enabledCarriers").toString()).contains("tcc").doesNotContain("envia");

        String rule = "{\"mode\":\"BEST_MEASURED\",\"fallbackCarrier\":\"TCC\"}";
        assertThat(put("/api/analytics/carrier-rule", TestTokens.store(store, Role.SUPPORT), rule).status()).isEqualTo(403);
        assertThat(put("/api/analytics/carrier-rule", TestTokens.operator(), rule).status()).isEqualTo(403);
        assertThat(get("/api/analytics/carrier-rule", TestTokens.store(store, Role.INTEGRATION)).status()).isEqualTo(403);

        Http.Response saved = put("/api/analytics/carrier-rule", TestTokens.owner(store), rule);
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.json().path("mode").asString()).isEqualTo("BEST_MEASURED");
        assertThat(saved.json().path("minSample").asInt()).as("default").isEqualTo(30);
        assertThat(saved.json().path("fallbackCarrier").asString()).isEqualTo("tcc");
        assertThat(saved.json().path("saved").asBoolean()).isTrue();
        JsonNode read = get("/api/analytics/carrier-rule", TestTokens.store(store, Role.SUPPORT)).json();
        assertThat(read.path("mode").asString()).isEqualTo("BEST_MEASURED");
        assertThat(read.path("updatedAt").isString()).isTrue();
        // Another store still has the defaults.
        assertThat(get("/api/analytics/carrier-rule", TestTokens.owner(UUID.randomUUID())).json().path("saved").asBoolean()).isFalse();
    }

    @Test
    void anInvalidRuleIsRefusedWithEveryMistakeInTheDetailAndNothingSaved() {
        UUID store = UUID.randomUUID();
        Http.Response refused = put("/api/analytics/carrier-rule", TestTokens.owner(store), """
                {"mode":"SOMETIMES","minSample":0,"windowDays":400,"costWeight":-1,"fallbackCarrier":"envia","colour":"red"}""");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("detail").asString())
                .contains("unknown field 'colour'")
                .contains("'mode' must be FIXED or BEST_MEASURED")
                .contains("'minSample' must be a whole number from 1 to 100000")
                .contains("'windowDays' must be a whole number from 7 to 365")
                .contains("'costWeight' must be a number from 0 to 10")
                .contains("'fallbackCarrier' envia is disabled");
        assertThat(put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"FIXED\",\"fallbackCarrier\":\"dhl\"}").json()
                .path("detail").asString()).contains("'fallbackCarrier' must be one of").contains("not 'dhl'");
        assertThat(put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"minSample\":2.5}").json().path("detail").asString())
                .contains("'mode' is required").contains("'minSample' must be a whole number");
        assertThat(put("/api/analytics/carrier-rule", TestTokens.owner(store), "[]").status()).isEqualTo(400);
        assertThat(get("/api/analytics/carrier-rule", TestTokens.owner(store)).json().path("saved").asBoolean()).isFalse();
        assertThat(redis.hasKey(PublishedCarrierChoice.key(store))).isFalse();
    }

    @Test
    void choosesOnTheStoresNumbersElseTheNetworksElseTheFallbackAndNeverADisabledCarrier() {
        UUID store = UUID.randomUUID();
        UUID neighbour = UUID.randomUUID();
        LocalDate day = TODAY.minusDays(5);
        // 04 → 06: the store has enough of its own. envia (disabled) and interrapidisimo (10 < 30 shipments) look better but cannot win.
        measured(store, day, "tcc", "04-06", 40, 36, 12_000);
        measured(store, day, "servientrega", "04-06", 50, 40, 11_000);
        measured(store, day, "envia", "04-06", 100, 100, 9_000);
        measured(store, day, "interrapidisimo", "04-06", 10, 10, 9_000);
        // 04 → 07: the store has 5; the network (with the neighbour) has enough.
        measured(store, day, "tcc", "04-07", 5, 5, 12_000);
        measured(neighbour, day, "servientrega", "04-07", 60, 57, 13_000);
        measured(neighbour, day, "tcc", "04-07", 35, 28, 12_000);
        // 04 → 09: too few everywhere within the window; plenty, but 120 days ago.
        measured(store, day, "tcc", "04-09", 3, 3, 12_000);
        measured(neighbour, day, "tcc", "04-09", 3, 3, 12_000);
        measured(neighbour, TODAY.minusDays(120), "servientrega", "04-09", 500, 500, 12_000);

        assertThat(put("/api/analytics/carrier-rule", TestTokens.owner(store),
                "{\"mode\":\"BEST_MEASURED\",\"minSample\":30,\"windowDays\":90,\"fallbackCarrier\":\"coordinadora\"}").status())
                .isEqualTo(200);

        Map<String, JsonNode> published = published(store);
        assertThat(published.keySet()).contains("04-06", "04-07", "fallback").doesNotContain("04-09");
        JsonNode own = published.get("04-06");
        assertThat(own.path("carrier").asString()).isEqualTo("tcc");
        assertThat(own.path("basis").asString()).isEqualTo("STORE");
        assertThat(own.path("onTimeRate").asDouble()).isEqualTo(0.9);
        assertThat(own.path("score").asDouble()).isEqualTo(0.9);
        assertThat(own.path("sample").asLong()).isEqualTo(40);
        assertThat(own.path("computedAt").asString()).isNotBlank();
        assertThat(own.path("reason").asString()).contains("04-06").contains("store's own");
        JsonNode network = published.get("04-07");
        assertThat(network.path("carrier").asString()).isEqualTo("servientrega");
        assertThat(network.path("basis").asString()).isEqualTo("NETWORK");
        assertThat(network.path("sample").asLong()).isEqualTo(60);
        assertThat(network.path("onTimeRate").asDouble()).isEqualTo(0.95);
        JsonNode fallback = published.get("fallback");
        assertThat(fallback.path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(fallback.path("basis").asString()).isEqualTo("FALLBACK");
        Long ttl = redis.getExpire(PublishedCarrierChoice.key(store));
        assertThat(ttl).isBetween(1L, 30 * 60L);
        assertThat(published.values()).noneSatisfy(choice -> assertThat(choice.path("carrier").asString()).isEqualTo("envia"));
        // The neighbour saved no rule: nothing is published for it.
        assertThat(redis.hasKey(PublishedCarrierChoice.key(neighbour))).isFalse();

        JsonNode choices = get("/api/analytics/carrier-rule/choices", TestTokens.store(store, Role.VIEWER)).json();
        assertThat(choices.path("mode").asString()).isEqualTo("BEST_MEASURED");
        // Other tests' routes may be listed too, chosen on the network's numbers.
        JsonNode listed = null;
        for (JsonNode route : choices.path("routes")) {
            if (route.path("origin").asString().equals("04") && route.path("destination").asString().equals("06")) {
                listed = route;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.path("carrier").asString()).isEqualTo("tcc");
        assertThat(listed.path("basis").asString()).isEqualTo("STORE");
        assertThat(listed.path("reason").asString()).contains("on time 90.0% of 40");
        assertThat(choices.path("fallback").path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(choices.path("expiresInSeconds").asLong()).isBetween(1L, 30 * 60L);
        JsonNode neighbours = get("/api/analytics/carrier-rule/choices", TestTokens.owner(neighbour)).json();
        assertThat(neighbours.path("routes")).isEmpty();
        assertThat(neighbours.path("fallback").isNull()).isTrue();

        // A smaller minimum lets the store's own 5 shipments decide 04 → 07.
        put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"BEST_MEASURED\",\"minSample\":5}");
        assertThat(published(store).get("04-07").path("carrier").asString()).isEqualTo("tcc");
        assertThat(published(store).get("04-07").path("basis").asString()).isEqualTo("STORE");
        assertThat(published(store)).as("no fallback carrier: worker-service's configured rule").doesNotContainKey("fallback");
    }

    @Test
    void aCostWeightPrefersTheCheaperCarrierWhenTheOnTimeRatesAreClose() {
        UUID store = UUID.randomUUID();
        LocalDate day = TODAY.minusDays(3);
        measured(store, day, "tcc", "06-09", 50, 45, 15_000);          // 0.90, 1.5 × the cheapest
        measured(store, day, "servientrega", "06-09", 50, 43, 10_000); // 0.86, the cheapest

        put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"BEST_MEASURED\",\"costWeight\":0}");
        assertThat(published(store).get("06-09").path("carrier").asString()).isEqualTo("tcc");

        // tcc: 0.90 - 0.2 × 0.5 = 0.80; servientrega: 0.86 - 0 = 0.86.
        put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"BEST_MEASURED\",\"costWeight\":0.2}");
        JsonNode choice = published(store).get("06-09");
        assertThat(choice.path("carrier").asString()).isEqualTo("servientrega");
        assertThat(choice.path("score").asDouble()).isEqualTo(0.86);
    }

    @Test
    void theWindowEndsYesterdayTodaysShipmentsWaitForTomorrow() {
        UUID store = UUID.randomUUID();
        measured(store, TODAY, "tcc", "06-03", 50, 50, 9_000);
        measured(store, TODAY.minusDays(7), "coordinadora", "06-03", 5, 4, 12_000);
        measured(store, TODAY.minusDays(8), "servientrega", "06-03", 50, 50, 9_000);

        put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"BEST_MEASURED\",\"minSample\":5,\"windowDays\":7}");
        JsonNode choice = published(store).get("06-03");
        assertThat(choice.path("carrier").asString()).as("the seven days before today only").isEqualTo("coordinadora");
        assertThat(choice.path("sample").asInt()).isEqualTo(5);
    }

    @Test
    void aFixedRulePublishesOnlyItsCarrierAndWithoutOneRemovesThePublishedChoices() {
        UUID store = UUID.randomUUID();
        measured(store, TODAY.minusDays(2), "tcc", "09-04", 80, 80, 12_000);
        put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"BEST_MEASURED\"}");
        assertThat(published(store)).containsKey("09-04");

        put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"FIXED\",\"fallbackCarrier\":\"interrapidisimo\"}");
        Map<String, JsonNode> fixed = published(store);
        assertThat(fixed).containsOnlyKeys("fallback");
        assertThat(fixed.get("fallback").path("carrier").asString()).isEqualTo("interrapidisimo");
        assertThat(fixed.get("fallback").path("reason").asString()).contains("Fixed rule");

        put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"FIXED\"}");
        assertThat(published(store)).as("only the rule's version is left").isEmpty();
        assertThat(redis.opsForHash().keys(PublishedCarrierChoice.key(store))).containsExactly(ChoicePublisher.VERSION_FIELD);
    }

    @Test
    void choicesComputedFromAnOlderRuleNeverReplaceThoseOfANewerOne() {
        UUID store = UUID.randomUUID();
        put("/api/analytics/carrier-rule", TestTokens.owner(store), "{\"mode\":\"FIXED\",\"fallbackCarrier\":\"tcc\"}");
        PublishedCarrierChoice stale = new PublishedCarrierChoice("servientrega", PublishedCarrierChoice.Basis.FALLBACK, null, null, 0,
                java.time.Instant.now(), "a round that read the rule before it was saved");

        assertThat(publisher.publish(store, Map.of(PublishedCarrierChoice.FALLBACK_FIELD, stale), java.time.Duration.ofMinutes(5), 1L))
                .isFalse();
        assertThat(published(store).get("fallback").path("carrier").asString()).isEqualTo("tcc");
        // The same rule's version publishes again (a later round with newer numbers).
        assertThat(job.publish(store)).containsKey("fallback");
        assertThat(published(store).get("fallback").path("carrier").asString()).isEqualTo("tcc");
    }

    @Test
    void aRoundPublishesEveryStoreWithARuleAndReplacesWhatWasThere() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        measured(first, TODAY.minusDays(1), "coordinadora", "02-09", 31, 30, 12_000);
        put("/api/analytics/carrier-rule", TestTokens.owner(first), "{\"mode\":\"BEST_MEASURED\"}");
        put("/api/analytics/carrier-rule", TestTokens.owner(second), "{\"mode\":\"FIXED\",\"fallbackCarrier\":\"tcc\"}");
        // Left behind by an older round: a round replaces the whole hash.
        redis.opsForHash().put(PublishedCarrierChoice.key(first), "99-99", "{\"carrier\":\"tcc\"}");
        redis.delete(PublishedCarrierChoice.key(second));

        assertThat(job.publishAll()).isGreaterThanOrEqualTo(2);

        // Other tests' routes may show up too, chosen on the network's numbers; the stale field is gone.
        assertThat(published(first)).doesNotContainKey("99-99");
        assertThat(published(first).get("02-09").path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(published(second).get("fallback").path("carrier").asString()).isEqualTo("tcc");
    }

    private Map<String, JsonNode> published(UUID store) {
        Map<Object, Object> entries = redis.opsForHash().entries(PublishedCarrierChoice.key(store));
        Map<String, JsonNode> fields = new java.util.TreeMap<>();
        entries.forEach((field, value) -> {
            if (!field.equals(ChoicePublisher.VERSION_FIELD)) {
                fields.put(field.toString(), json.readTree(value.toString()));
            }
        });
        return fields;
    }
}
