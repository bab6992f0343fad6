package com.litper.analytics.kpi;

import com.litper.analytics.facts.FactBuilder;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import com.litper.common.web.ApiProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/analytics/kpis?from&to&groupBy=carrier|route|store|day[&carrier&origin&destination&store]}
 * (docs/analytics.md, "KPIs"): the period's KPIs per group and in total. A store's users see their
 * store only (naming another store is refused); operators see every store and may name one.
 */
@RestController
class KpiController {

    /** The longest period one request may sum. */
    static final int MAX_YEARS = 2;
    private static final Pattern DEPARTMENT = Pattern.compile("\\d{2}");

    private final KpiQueries queries;
    private final TransactionTemplate snapshot;

    KpiController(KpiQueries queries, PlatformTransactionManager transactions) {
        this.queries = queries;
        // The total and the groups from one snapshot of one replica, so the groups add up to the total.
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    record Kpis(LocalDate from, LocalDate to, String groupBy, String timeZone, UUID store, KpiRow total, List<KpiRow> groups) {
    }

    @GetMapping("/api/analytics/kpis")
    Kpis kpis(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam String from, @RequestParam String to,
            @RequestParam String groupBy, @RequestParam(required = false) String carrier, @RequestParam(required = false) String origin,
            @RequestParam(required = false) String destination, @RequestParam(required = false) String store) {
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (last.isBefore(first)) {
            throw problem(HttpStatus.BAD_REQUEST, "'to' (" + last + ") must not be before 'from' (" + first + ").");
        }
        if (last.isAfter(first.plusYears(MAX_YEARS))) {
            throw problem(HttpStatus.BAD_REQUEST, "At most " + MAX_YEARS + " years at once (from " + first + " to " + first.plusYears(MAX_YEARS)
                    + "); ask for a shorter period.");
        }
        GroupBy dimension = GroupBy.parse(groupBy).orElseThrow(() -> problem(HttpStatus.BAD_REQUEST,
                "'groupBy' must be carrier, route, store or day, not '" + shorten(groupBy) + "'."));
        UUID storeId = store(caller, store);
        KpiQuery query = new KpiQuery(first, last, List.of(dimension), storeId, blankToNull(carrier), department("origin", origin),
                department("destination", destination));
        KpiQuery total = new KpiQuery(first, last, List.of(), storeId, query.carrier(), query.origin(), query.destination());
        return snapshot.execute(tx -> {
            List<KpiRow> totals = queries.kpis(total);
            return new Kpis(first, last, dimension.name().toLowerCase(Locale.ROOT), FactBuilder.ZONE.getId(), storeId,
                    totals.isEmpty() ? null : totals.get(0), queries.kpis(query));
        });
    }

    /** The store to sum: the caller's own for store users, the one named (or all) for operators. */
    private static UUID store(LitperPrincipal caller, String requested) {
        UUID named = null;
        if (requested != null && !requested.isBlank()) {
            try {
                named = UUID.fromString(requested.trim());
            } catch (IllegalArgumentException e) {
                throw problem(HttpStatus.BAD_REQUEST, "'store' must be a store id (a UUID), not '" + shorten(requested) + "'.");
            }
        }
        if (caller.hasRole(Role.OPERATOR)) {
            return named;
        }
        UUID own = caller.requireStore();
        if (named != null && !named.equals(own)) {
            throw problem(HttpStatus.FORBIDDEN, "Your token reads the KPIs of your own store only; leave out 'store' or name " + own + ".");
        }
        return own;
    }

    private static String department(String name, String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        if (!DEPARTMENT.matcher(code.trim()).matches()) {
            throw problem(HttpStatus.BAD_REQUEST, "'" + name + "' must be a DANE department code, two digits (e.g. 11 for Bogotá; 00: unknown origin), not '"
                    + shorten(code) + "'.");
        }
        return code.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw problem(HttpStatus.BAD_REQUEST, "'" + name + "' must be a date, YYYY-MM-DD (America/Bogota), not '" + shorten(value) + "'.");
        }
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    private static ApiProblemException problem(HttpStatus status, String detail) {
        return new ApiProblemException(status, detail);
    }
}
