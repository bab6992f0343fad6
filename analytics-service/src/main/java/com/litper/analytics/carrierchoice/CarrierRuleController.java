package com.litper.analytics.carrierchoice;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import com.litper.common.web.ApiProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/analytics/carrier-rule} (every store role), {@code PUT} (owners, {@link CarrierChoiceAccessRules})
 * and {@code GET /api/analytics/carrier-rule/choices}: the caller's store's carrier rule and the choices
 * published from it. Saving a rule publishes the store's choices at once.
 */
@RestController
class CarrierRuleController {

    private static final Logger log = LoggerFactory.getLogger(CarrierRuleController.class);
    private static final Set<String> FIELDS = Set.of("mode", "minSample", "windowDays", "costWeight", "fallbackCarrier");

    private final CarrierRules rules;
    private final CarrierChoiceJob job;
    private final ChoicePublisher publisher;
    private final CarrierRegistry registry;

    CarrierRuleController(CarrierRules rules, CarrierChoiceJob job, ChoicePublisher publisher, CarrierRegistry registry) {
        this.rules = rules;
        this.job = job;
        this.publisher = publisher;
        this.registry = registry;
    }

    /**
     * The rule as the API shows it.
     *
     * @param saved false while the store runs on the defaults
     * @param enabledCarriers the carriers a fallback may name and a choice may pick
     */
    record RuleBody(String mode, int minSample, int windowDays, double costWeight, String fallbackCarrier, boolean saved,
            Instant updatedAt, List<String> enabledCarriers) {
    }

    record Choices(String mode, List<RouteChoice> routes, PublishedCarrierChoice fallback, Long expiresInSeconds) {
    }

    record RouteChoice(String origin, String destination, String carrier, PublishedCarrierChoice.Basis basis, Double score,
            Double onTimeRate, long sample, Instant computedAt, String reason) {
    }

    @GetMapping("/api/analytics/carrier-rule")
    RuleBody get(@AuthenticationPrincipal LitperPrincipal caller) {
        return view(rules.of(storeOf(caller)));
    }

    @PutMapping("/api/analytics/carrier-rule")
    RuleBody put(@AuthenticationPrincipal LitperPrincipal caller, @RequestBody(required = false) JsonNode body) {
        // Also checked here, not only by the access rules: which carrier books a store's parcels is the owner's decision.
        if (!caller.hasRole(Role.OWNER)) {
            throw new ApiProblemException(HttpStatus.FORBIDDEN, "Only the store's owner changes its carrier rule.");
        }
        CarrierRule rule = parse(body);
        UUID store = storeOf(caller);
        rules.save(store, rule, caller.subject());
        try {
            job.publish(store);
        } catch (DataAccessException e) {
            // Saved all the same: the next round publishes it.
            log.atWarn().addKeyValue("store.id", store).setCause(e)
                    .log("Carrier rule of store {} saved; its choices are published at the next round", store);
        }
        return view(rules.of(store));
    }

    @GetMapping("/api/analytics/carrier-rule/choices")
    Choices choices(@AuthenticationPrincipal LitperPrincipal caller) {
        UUID store = storeOf(caller);
        CarrierRule rule = rules.of(store);
        ChoicePublisher.Published published;
        try {
            published = publisher.current(store);
        } catch (DataAccessException e) {
            throw new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                    "The published carrier choices cannot be read right now (Redis unreachable); try again shortly.");
        }
        List<RouteChoice> routes = new ArrayList<>();
        PublishedCarrierChoice fallback = null;
        for (Map.Entry<String, PublishedCarrierChoice> field : published.fields().entrySet()) {
            PublishedCarrierChoice c = field.getValue();
            if (field.getKey().equals(PublishedCarrierChoice.FALLBACK_FIELD)) {
                fallback = c;
                continue;
            }
            String[] route = field.getKey().split("-", 2);
            routes.add(new RouteChoice(route[0], route.length > 1 ? route[1] : "", c.carrier(), c.basis(), c.score(), c.onTimeRate(),
                    c.sample(), c.computedAt(), c.reason()));
        }
        return new Choices(rule.mode().name(), routes, fallback, published.expiresIn() == null ? null : published.expiresIn().toSeconds());
    }

    /** The caller's store; a caller acting for no store (an operator) has no carrier rule. */
    private static UUID storeOf(LitperPrincipal caller) {
        return caller.store().orElseThrow(() -> new ApiProblemException(HttpStatus.FORBIDDEN,
                "The carrier rule belongs to a store; the caller " + caller.subject() + " acts for none."));
    }

    private RuleBody view(CarrierRule rule) {
        return new RuleBody(rule.mode().name(), rule.minSample(), rule.windowDays(), rule.costWeight(), rule.fallbackCarrier(), rule.saved(),
                rule.updatedAt(), enabledCarriers());
    }

    private List<String> enabledCarriers() {
        return registry.codes().stream().filter(code -> registry.carrier(code).map(CarrierRegistry.Carrier::enabled).orElse(false)).toList();
    }

    /** The body as a rule; every problem found goes in one 400's detail. Absent optional fields take their defaults. */
    CarrierRule parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw bad("The body is required, a JSON object: {\"mode\": \"FIXED\" | \"BEST_MEASURED\", \"minSample\", \"windowDays\","
                    + " \"costWeight\", \"fallbackCarrier\"}.");
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                problems.add("unknown field '" + ScorecardController.clip(field.getKey()) + "' (fields: mode, minSample, windowDays, costWeight,"
                        + " fallbackCarrier)");
            }
        }
        CarrierRule.Mode mode = null;
        JsonNode modeNode = body.get("mode");
        if (modeNode == null || modeNode.isNull()) {
            problems.add("'mode' is required: FIXED or BEST_MEASURED");
        } else {
            try {
                mode = CarrierRule.Mode.valueOf(modeNode.isString() ? modeNode.asString() : "?");
            } catch (IllegalArgumentException e) {
                problems.add("'mode' must be FIXED or BEST_MEASURED, not " + ScorecardController.clip(modeNode.toString()));
            }
        }
        int minSample = integer(body, "minSample", CarrierRule.DEFAULT_MIN_SAMPLE, 1, CarrierRule.MIN_SAMPLE_LIMIT, problems);
        int windowDays = integer(body, "windowDays", CarrierRule.DEFAULT_WINDOW_DAYS, CarrierRule.MIN_WINDOW_DAYS,
                CarrierRule.MAX_WINDOW_DAYS, problems);
        double costWeight = CarrierRule.DEFAULT_COST_WEIGHT;
        JsonNode weight = body.get("costWeight");
        if (weight != null && !weight.isNull()) {
            if (!weight.isNumber() || weight.asDouble() < 0 || weight.asDouble() > CarrierRule.MAX_COST_WEIGHT) {
                problems.add("'costWeight' must be a number from 0 to " + CarrierRule.MAX_COST_WEIGHT + " (0: freight does not count), not "
                        + ScorecardController.clip(weight.toString()));
            } else {
                costWeight = weight.asDouble();
            }
        }
        String fallback = null;
        JsonNode fallbackNode = body.get("fallbackCarrier");
        if (fallbackNode != null && !fallbackNode.isNull()) {
            String text = fallbackNode.isString() ? fallbackNode.asString().strip() : "";
            if (text.isEmpty()) {
                problems.add("'fallbackCarrier' must be a carrier code (one of " + enabledCarriers() + ") or null");
            } else {
                String code = CarrierRegistry.normalise(text);
                var carrier = registry.carrier(code);
                if (carrier.isEmpty()) {
                    problems.add("'fallbackCarrier' must be one of " + enabledCarriers() + ", not '" + ScorecardController.clip(text) + "'");
                } else if (!carrier.get().enabled()) {
                    problems.add("'fallbackCarrier' " + code + " is disabled; choose one of " + enabledCarriers());
                } else {
                    fallback = code;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw bad(String.join("; ", problems) + ".");
        }
        return new CarrierRule(mode, minSample, windowDays, costWeight, fallback, null);
    }

    private static int integer(JsonNode body, String name, int defaultValue, int min, int max, List<String> problems) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min || node.asInt() > max) {
            problems.add("'" + name + "' must be a whole number from " + min + " to " + max + " (default " + defaultValue + "), not "
                    + ScorecardController.clip(node.toString()));
            return defaultValue;
        }
        return node.asInt();
    }

    private static ApiProblemException bad(String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, detail);
    }
}
