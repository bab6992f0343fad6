package com.litper.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
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
 * The weekly summary: one SUMMARY (HTML) of the previous week per store with shipments in it,
 * however often the job runs (here twice in a row, then twice at once).
 */
class WeeklySummariesTest extends ReportTestSupport {

    // A week of its own, far from the other tests' data: Monday 2 March 2026 to Sunday 8 March.
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-02");

    @Autowired
    WeeklySummaries weekly;

    @Test
    void theJobRunTwiceRequestsOneSummaryPerStoreWithShipmentsThatWeek() throws Exception {
        UUID busy = UUID.randomUUID();
        UUID alsoBusy = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();
        rollup(busy, MONDAY, "coordinadora", "11", "05", 4, 3, 0, 3, 2, 3, 3, 1, "{\"BUYER_ABSENT\": 1}", new int[] {0, 1, 2}, 0, 0, 0, 0);
        rollup(alsoBusy, MONDAY.plusDays(6), "tcc", "05", "76", 1, 0, 0, 0, 0, 0, 0, 0, "{}", new int[] {}, 0, 0, 0, 0);
        // The week after: not in this summary.
        rollup(quiet, MONDAY.plusDays(7), "tcc", "05", "76", 2, 0, 0, 0, 0, 0, 0, 0, "{}", new int[] {}, 0, 0, 0, 0);

        // Run on the Wednesday after the week: the previous week is the one of MONDAY.
        int first = weekly.requestWeekBefore(MONDAY.plusDays(9));
        int second = weekly.requestWeekBefore(MONDAY.plusDays(7));
        assertThat(first).isGreaterThanOrEqualTo(2);
        assertThat(second).isZero();
        // Two replicas that both believe they lead, at once.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Integer> run = () -> weekly.requestWeek(MONDAY);
            List<Future<Integer>> both = pool.invokeAll(List.of(run, run));
            assertThat(both.get(0).get() + both.get(1).get()).isZero();
        } finally {
            pool.shutdown();
        }

        List<Map<String, Object>> reports = jdbc.sql("""
                SELECT store_id, kind, format, period_start, period_end FROM analytics.report_file
                WHERE store_id IN (:stores)""").param("stores", List.of(busy, alsoBusy, quiet)).query().listOfRows();
        assertThat(reports).hasSize(2);
        assertThat(reports).extracting(r -> r.get("store_id")).containsExactlyInAnyOrder(busy, alsoBusy);
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.get("kind")).isEqualTo("SUMMARY");
            assertThat(r.get("format")).isEqualTo("HTML");
            assertThat(r.get("period_start").toString()).isEqualTo("2026-03-02");
            assertThat(r.get("period_end").toString()).isEqualTo("2026-03-08");
        });

        // And it is built like any requested report.
        UUID report = jdbc.sql("SELECT report_id FROM analytics.weekly_summary WHERE store_id = :store AND week_start = :monday")
                .param("store", busy).param("monday", MONDAY).query(UUID.class).single();
        JsonNode done = awaitDone(busy, report);
        assertThat(done.path("status").asString()).isEqualTo("READY");
        assertThat(new String(download(done.path("download").path("url").asString()).body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("Del 2 de marzo de 2026 al 8 de marzo de 2026", "Destinatario ausente");
    }
}
