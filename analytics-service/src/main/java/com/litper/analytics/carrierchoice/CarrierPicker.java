package com.litper.analytics.carrierchoice;

import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.carrier.PublishedCarrierChoice.Basis;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Chooses a store's carrier per route from measured numbers (docs/analytics.md, "Carrier choice").
 * Plain Java, no I/O: the job hands it the store's and the network's sums over the rule's window.
 *
 * <p>On a route, a candidate is an enabled carrier with at least {@code minSample} shipments whose
 * on-time outcome is known. The store's own candidates are used when it has any; else every store's
 * (the network's); else the route gets no field and worker-service reads the store's fallback. The
 * candidate with the highest score wins; ties go to the larger sample, then the lower freight, then
 * the carrier code.
 */
final class CarrierPicker {

    private CarrierPicker() {
    }

    /** A carrier's score on a route among {@code candidates}: on-time rate minus the weighted excess over the cheapest freight. */
    static double score(RouteCarrierStats carrier, List<RouteCarrierStats> candidates, double costWeight) {
        double onTime = carrier.onTimeRate();
        Double freight = carrier.averageFreightExact();
        Optional<Double> cheapest = candidates.stream().map(RouteCarrierStats::averageFreightExact)
                .filter(f -> f != null && f > 0).min(Double::compare);
        if (freight == null || cheapest.isEmpty() || costWeight == 0) {
            // No freight known for it: nothing to weigh, it pays no penalty.
            return onTime;
        }
        return onTime - costWeight * (freight / cheapest.get() - 1.0);
    }

    /**
     * The hash fields to publish for one store: a route field per route with a measured choice and,
     * when the rule names an enabled fallback carrier, {@link PublishedCarrierChoice#FALLBACK_FIELD}.
     */
    static Map<String, PublishedCarrierChoice> choose(CarrierRule rule, List<RouteCarrierStats> store, List<RouteCarrierStats> network,
            Predicate<String> enabled, Instant now) {
        Map<String, PublishedCarrierChoice> fields = new LinkedHashMap<>();
        if (rule.mode() == CarrierRule.Mode.BEST_MEASURED) {
            Map<String, List<RouteCarrierStats>> own = RouteStatsQuery.byRoute(store);
            Map<String, List<RouteCarrierStats>> all = RouteStatsQuery.byRoute(network);
            TreeSet<String> routes = new TreeSet<>(own.keySet());
            routes.addAll(all.keySet());
            for (String route : routes) {
                List<RouteCarrierStats> ownCandidates = candidates(own.getOrDefault(route, List.of()), rule, enabled);
                if (!ownCandidates.isEmpty()) {
                    fields.put(route, best(route, ownCandidates, rule, Basis.STORE, now));
                    continue;
                }
                List<RouteCarrierStats> networkCandidates = candidates(all.getOrDefault(route, List.of()), rule, enabled);
                if (!networkCandidates.isEmpty()) {
                    fields.put(route, best(route, networkCandidates, rule, Basis.NETWORK, now));
                }
            }
        }
        if (rule.fallbackCarrier() != null && enabled.test(rule.fallbackCarrier())) {
            String reason = rule.mode() == CarrierRule.Mode.FIXED
                    ? "Fixed rule: every order of the store goes to " + rule.fallbackCarrier() + "."
                    : "Routes where no enabled carrier has " + rule.minSample() + " measured shipments in the last " + rule.windowDays()
                            + " days, neither the store's nor the network's, go to the fallback carrier " + rule.fallbackCarrier() + ".";
            fields.put(PublishedCarrierChoice.FALLBACK_FIELD, new PublishedCarrierChoice(rule.fallbackCarrier(), Basis.FALLBACK, null, null, 0,
                    now, reason));
        }
        return fields;
    }

    private static List<RouteCarrierStats> candidates(List<RouteCarrierStats> route, CarrierRule rule, Predicate<String> enabled) {
        return route.stream().filter(s -> enabled.test(s.carrier()) && s.attemptedWithPromise() >= rule.minSample()).toList();
    }

    private static PublishedCarrierChoice best(String route, List<RouteCarrierStats> candidates, CarrierRule rule, Basis basis, Instant now) {
        Map<String, Double> scores = new TreeMap<>();
        candidates.forEach(c -> scores.put(c.carrier(), score(c, candidates, rule.costWeight())));
        RouteCarrierStats winner = candidates.stream().min(Comparator
                .comparing((RouteCarrierStats c) -> -scores.get(c.carrier()))
                .thenComparing(c -> -c.attemptedWithPromise())
                .thenComparing(c -> c.averageFreightExact() == null ? Double.MAX_VALUE : c.averageFreightExact())
                .thenComparing(RouteCarrierStats::carrier)).orElseThrow();
        String whose = basis == Basis.STORE ? "the store's own shipments"
                : "every store's shipments (the store has fewer than " + rule.minSample() + " measured shipments of any enabled carrier here)";
        String reason = String.format(Locale.ROOT,
                "Best of %d enabled carrier(s) with at least %d measured shipments on route %s in the last %d days, on %s:"
                        + " on time %.1f%% of %d%s, score %.3f.",
                candidates.size(), rule.minSample(), route, rule.windowDays(), whose, winner.onTimeRate() * 100, winner.attemptedWithPromise(),
                winner.averageFreight() == null ? "" : ", average freight $" + winner.averageFreight(), scores.get(winner.carrier()));
        return new PublishedCarrierChoice(winner.carrier(), basis, round(scores.get(winner.carrier())), round(winner.onTimeRate()),
                winner.attemptedWithPromise(), now, reason);
    }

    private static double round(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
