package com.litper.agents.outcomes;

import com.litper.agents.settings.AgentSettings;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.web.ApiProblemException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /agents/outcomes?from&to&granularity=day|week} (every store role): the store's closed
 * episodes ({@link Episodes}) per day or week (weeks start on Monday), counted by the day they closed in
 * America/Bogota, from {@code from} to {@code to} inclusive; each period with its counts, its rates
 * (of the period's closed episodes) and its hand-overs by reason. Try-it runs never make episodes.
 */
@RestController
class OutcomesController {

    static final int MAX_DAYS = 366;

    private final JdbcClient jdbc;
    private final TransactionTemplate reads;

    OutcomesController(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.reads = new TransactionTemplate(transactions);
        this.reads.setReadOnly(true);
    }

    record Period(LocalDate start, long total, long resolved, long handedOver, long abandoned, double resolvedRate, double handedOverRate,
            double abandonedRate, Map<String, Long> handedOverByReason) {
    }

    record Outcomes(LocalDate from, LocalDate to, String granularity, String timeZone, List<Period> periods) {
    }

    @GetMapping("/agents/outcomes")
    Outcomes outcomes(@AuthenticationPrincipal LitperPrincipal caller, @RequestParam String from, @RequestParam String to,
            @RequestParam(defaultValue = "day") String granularity) {
        LocalDate first = date("from", from);
        LocalDate last = date("to", to);
        if (last.isBefore(first)) {
            throw bad("'to' (" + last + ") must not be before 'from' (" + first + ").");
        }
        if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw bad("At most " + MAX_DAYS + " days at once; ask for a shorter range.");
        }
        if (!granularity.equals("day") && !granularity.equals("week")) {
            throw bad("'granularity' must be day or week, not '" + (granularity.length() > 20 ? granularity.substring(0, 20) : granularity) + "'.");
        }
        boolean weeks = granularity.equals("week");
        UUID store = caller.requireStore();
        Timestamp since = Timestamp.from(first.atStartOfDay(AgentSettings.ZONE).toInstant());
        Timestamp until = Timestamp.from(last.plusDays(1).atStartOfDay(AgentSettings.ZONE).toInstant());
        List<Row> rows = reads.execute(tx -> jdbc.sql("""
                        SELECT (closed_at AT TIME ZONE 'America/Bogota')::date AS day, outcome, handover_reason, count(*) AS n
                        FROM agents.agent_episode
                        WHERE store_id = :store AND outcome IS NOT NULL AND closed_at >= :since AND closed_at < :until
                        GROUP BY 1, 2, 3""")
                .param("store", store).param("since", since).param("until", until)
                .query((rs, n) -> new Row(rs.getObject("day", LocalDate.class), rs.getString("outcome"), rs.getString("handover_reason"),
                        rs.getLong("n")))
                .list());
        Map<LocalDate, long[]> counts = new TreeMap<>();
        Map<LocalDate, Map<String, Long>> reasons = new TreeMap<>();
        for (LocalDate start = start(first, weeks); !start.isAfter(last); start = weeks ? start.plusWeeks(1) : start.plusDays(1)) {
            counts.put(start, new long[3]);
            reasons.put(start, new TreeMap<>());
        }
        for (Row row : rows) {
            LocalDate start = start(row.day(), weeks);
            long[] c = counts.get(start);
            switch (row.outcome()) {
                case "RESOLVED" -> c[0] += row.n();
                case "HANDED_OVER" -> {
                    c[1] += row.n();
                    reasons.get(start).merge(row.reason(), row.n(), Long::sum);
                }
                default -> c[2] += row.n();
            }
        }
        List<Period> periods = new ArrayList<>();
        counts.forEach((start, c) -> {
            long total = c[0] + c[1] + c[2];
            periods.add(new Period(start, total, c[0], c[1], c[2], rate(c[0], total), rate(c[1], total), rate(c[2], total), reasons.get(start)));
        });
        return new Outcomes(first, last, granularity, AgentSettings.ZONE.getId(), periods);
    }

    private record Row(LocalDate day, String outcome, String reason, long n) {
    }

    private static LocalDate start(LocalDate day, boolean weeks) {
        return weeks ? day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)) : day;
    }

    /** A share of the period's closed episodes, 0 when it closed none; 4 decimals. */
    private static double rate(long part, long total) {
        return total == 0 ? 0 : Math.round(part * 10_000.0 / total) / 10_000.0;
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw bad("'" + name + "' must be a date, YYYY-MM-DD (America/Bogota).");
        }
    }

    private static ApiProblemException bad(String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, detail);
    }
}
