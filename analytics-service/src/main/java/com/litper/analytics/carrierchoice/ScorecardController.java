package com.litper.analytics.carrierchoice;

import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import com.litper.common.web.ApiProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Carrier scorecards per route (docs/analytics.md, "Carrier choice"): {@code GET /api/analytics/carriers/scorecard}
 * for the caller's store (operators: every store, or {@code store=}), and {@code .../scorecard/network} for every
 * store together, which a store reads too because its own shipments on a route are often too few to judge by.
 */
@RestController
class ScorecardController {

    static final int MAX_PERIOD_DAYS = 366;

    private final RouteStatsQuery stats;

    ScorecardController(RouteStatsQuery stats) {
        this.stats = stats;
    }

    enum Scope {
        /** One store's shipments. */
        STORE,
        /** Every store's shipments together. */
        NETWORK
    }

    record Scorecard(Scope scope, UUID store, LocalDate from, LocalDate to, List<Route> routes) {
    }

    record Route(String origin, String destination, List<CarrierLine> carriers) {
    }

    /**
     * One carrier on one route. Rates are 0..1 (null when their base is 0); transit in business days, 30 meaning 30 or more.
     *
     * @param onTimeSample shipments with a first delivery attempt and a promised date, the on-time rate's base
     */
    record CarrierLine(String carrier, long shipments, long delivered, long returned, long onTimeSample, Double onTimeRate,
            Double deliveryRate, Double returnRate, Integer transitP50, Integer transitP90, Long averageFreight) {
    }

    @GetMapping("/api/analytics/carriers/scorecard")
    Scorecard scorecard(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String origin,
            @RequestParam(required = false) String destination, @RequestParam(required = false) String store) {
        UUID requested = store == null ? null : uuid(store);
        UUID scope;
        if (caller.hasRole(Role.OPERATOR)) {
            scope = requested;
        } else {
            scope = caller.requireStore();
            if (requested != null && !requested.equals(scope)) {
                throw new ApiProblemException(HttpStatus.FORBIDDEN, "A store's users read their own store's scorecard only; 'store' "
                        + requested + " is not the caller's store. Every store's numbers together: /api/analytics/carriers/scorecard/network.");
            }
        }
        return build(scope == null ? Scope.NETWORK : Scope.STORE, scope, from, to, origin, destination);
    }

    @GetMapping("/api/analytics/carriers/scorecard/network")
    Scorecard network(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String origin, @RequestParam(required = false) String destination) {
        return build(Scope.NETWORK, null, from, to, origin, destination);
    }

    private Scorecard build(Scope scopeKind, UUID store, String fromText, String toText, String originText, String destinationText) {
        List<String> problems = new ArrayList<>();
        LocalDate from = date("from", fromText, problems);
        LocalDate to = date("to", toText, problems);
        String origin = department("origin", originText, problems);
        String destination = department("destination", destinationText, problems);
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                problems.add("'to' (" + to + ") must not be before 'from' (" + from + ")");
            } else if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_PERIOD_DAYS) {
                problems.add("the period from " + from + " to " + to + " is longer than " + MAX_PERIOD_DAYS + " days");
            }
        }
        if (!problems.isEmpty()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, String.join("; ", problems) + ".");
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        for (RouteCarrierStats s : stats.sum(new RouteStatsQuery.Filter(store, from, to, origin, destination))) {
            routes.computeIfAbsent(s.origin() + "-" + s.destination(), k -> new Route(s.origin(), s.destination(), new ArrayList<>()))
                    .carriers().add(new CarrierLine(s.carrier(), s.shipments(), s.delivered(), s.returned(), s.attemptedWithPromise(),
                            round(s.onTimeRate()), round(s.deliveryRate()), round(s.returnRate()), s.transitP50(), s.transitP90(),
                            s.averageFreight()));
        }
        return new Scorecard(scopeKind, store, from, to, List.copyOf(routes.values()));
    }

    private static LocalDate date(String name, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add("'" + name + "' is required: a day as YYYY-MM-DD (America/Bogota), inclusive");
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.add("'" + name + "' must be a day as YYYY-MM-DD, not '" + clip(value) + "'");
            return null;
        }
    }

    private static String department(String name, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!PublishedCarrierChoice.isDepartment(value.strip())) {
            problems.add("'" + name + "' must be a DANE department code of two digits ('00': unknown origin), not '" + clip(value) + "'");
            return null;
        }
        return value.strip();
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "'store' must be a store id (a UUID), not '" + clip(value) + "'.");
        }
    }

    static Double round(Double rate) {
        return rate == null ? null : Math.round(rate * 10_000.0) / 10_000.0;
    }

    static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
