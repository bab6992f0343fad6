package com.litper.analytics.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Facts and rollups of hand-made histories whose answers are worked out in {@link #knownHistory}. */
class FactsAndRollupsTest extends FactsTestSupport {

    @Autowired
    DataSource dataSource;

    private static Instant at(Object timestamp) {
        return timestamp == null ? null : ((Timestamp) timestamp).toInstant();
    }

    @Test
    void factsOfTheKnownHistory() {
        UUID store = UUID.randomUUID();
        Known known = knownHistory(store);
        jobs.incremental();

        Map<String, Object> holiday = fact(known.holidayTransit().orderId);
        assertThat(holiday.get("day")).hasToString("2025-03-21");
        assertThat(holiday.get("carrier")).isEqualTo("servientrega");
        assertThat(holiday.get("origin_department")).isEqualTo("11");
        assertThat(holiday.get("destination_department")).isEqualTo("05");
        assertThat(at(holiday.get("first_scan_at"))).isEqualTo(bogota("2025-03-21T15:00"));
        assertThat(at(holiday.get("first_attempt_at"))).isEqualTo(bogota("2025-03-25T14:00"));
        assertThat(holiday.get("first_attempt_ok")).isEqualTo(true);
        assertThat(at(holiday.get("delivered_at"))).isEqualTo(bogota("2025-03-25T14:00"));
        assertThat(holiday.get("transit_business_days")).isEqualTo(1);
        assertThat(holiday.get("on_time")).isEqualTo(true);
        assertThat(holiday.get("novedades")).isEqualTo(0);
        assertThat(holiday.get("first_novedad_cause")).isNull();
        assertThat(holiday.get("status")).isEqualTo("DELIVERED");
        assertThat(holiday.get("freight")).isEqualTo(12_000L);

        Map<String, Object> late = fact(known.lateByNovedad().orderId);
        assertThat(late.get("day")).hasToString("2025-03-17");
        // The novedad at the hub was no delivery attempt: the first attempt is the delivery, two days late.
        assertThat(at(late.get("first_attempt_at"))).isEqualTo(bogota("2025-03-21T12:00"));
        assertThat(late.get("first_attempt_ok")).isEqualTo(true);
        assertThat(late.get("on_time")).isEqualTo(false);
        assertThat(late.get("transit_business_days")).isEqualTo(4);
        assertThat(late.get("novedades")).isEqualTo(1);
        assertThat(late.get("first_novedad_cause")).isEqualTo("WRONG_ADDRESS");
        assertThat(late.get("cash_on_delivery")).isEqualTo(80_000L);
        assertThat(late.get("cash_collected")).isEqualTo(80_000L);

        Map<String, Object> returned = fact(known.returned().orderId);
        assertThat(at(returned.get("first_attempt_at"))).isEqualTo(bogota("2025-03-20T16:00"));
        assertThat(returned.get("first_attempt_ok")).isEqualTo(false);
        assertThat(returned.get("on_time")).isEqualTo(true);
        assertThat(returned.get("delivered_at")).isNull();
        assertThat(returned.get("transit_business_days")).isNull();
        assertThat(at(returned.get("returned_at"))).isEqualTo(bogota("2025-03-25T10:00"));
        assertThat(returned.get("first_novedad_cause")).isEqualTo("REFUSED");
        assertThat(returned.get("status")).isEqualTo("RETURNED");
    }

    @Test
    void rollupsOfTheKnownHistory() {
        UUID store = UUID.randomUUID();
        knownHistory(store);
        jobs.incremental();

        List<Map<String, Object>> rows = rollupRows();
        assertThat(rows).hasSize(3);
        Map<String, Object> monday = rows.get(0); // 17 March, 11 → 05: the late one
        assertThat(monday.get("day")).hasToString("2025-03-17");
        assertThat(monday).containsEntry("shipments", 1).containsEntry("delivered", 1).containsEntry("attempted", 1)
                .containsEntry("first_attempt_ok", 1).containsEntry("attempted_with_promise", 1).containsEntry("on_time", 0)
                .containsEntry("with_novedad", 1).containsEntry("novedad_causes", "{\"WRONG_ADDRESS\": 1}")
                .containsEntry("cod_shipments", 1).containsEntry("cod_amount", 80_000L)
                .containsEntry("freight_sum", 14_000L).containsEntry("freight_count", 1);
        assertThat(histogram(monday.get("transit_hist"))[4]).isEqualTo(1);
        assertThat(histogram(monday.get("first_scan_hist"))[2]).isEqualTo(1);

        Map<String, Object> tuesday = rows.get(1); // 18 March, 11 → 76: the returned one
        assertThat(tuesday.get("destination_department")).isEqualTo("76");
        assertThat(tuesday).containsEntry("shipments", 1).containsEntry("delivered", 0).containsEntry("returned", 1)
                .containsEntry("attempted", 1).containsEntry("first_attempt_ok", 0).containsEntry("on_time", 1)
                .containsEntry("novedad_causes", "{\"REFUSED\": 1}");
        assertThat(histogram(tuesday.get("transit_hist"))).containsOnly(0);
        assertThat(histogram(tuesday.get("first_scan_hist"))[1]).isEqualTo(1);

        Map<String, Object> friday = rows.get(2); // 21 March: the holiday transit
        assertThat(histogram(friday.get("transit_hist"))[1]).isEqualTo(1);
        assertThat(histogram(friday.get("transit_hist"))).hasSize(Rollups.TRANSIT_BUCKETS);
        assertThat(histogram(friday.get("first_scan_hist"))[5]).isEqualTo(1);
        assertThat(histogram(friday.get("first_scan_hist"))).hasSize(Rollups.FIRST_SCAN_BUCKETS);
    }

    @Test
    void aRebookedShipmentLeavesNoRowUnderItsFirstCarrier() {
        UUID store = UUID.randomUUID();
        History order = order(store).placed(bogota("2025-05-06T09:00"), "11", "05", 0)
                .booked(bogota("2025-05-06T10:00"), "coordinadora", LocalDate.parse("2025-05-08"), 10_000);
        jobs.incremental();
        assertThat(rollupRows()).extracting(row -> row.get("carrier")).containsExactly("coordinadora");

        // The order is booked again with another carrier (a new shipment): only the latest booking counts.
        History rebooked = new History(store, order.orderId, UUID.randomUUID());
        rebooked.booked(bogota("2025-05-06T15:00"), "interrapidisimo", LocalDate.parse("2025-05-09"), 9_000);
        jobs.incremental();
        assertThat(rollupRows()).extracting(row -> row.get("carrier")).containsExactly("interrapidisimo");
        assertThat(fact(order.orderId).get("freight")).isEqualTo(9_000L);
    }

    @Test
    void cancelledShipmentsAreNotCounted() {
        UUID store = UUID.randomUUID();
        History order = order(store).placed(bogota("2025-05-07T09:00"), "11", "05", 0)
                .booked(bogota("2025-05-07T10:00"), "coordinadora", LocalDate.parse("2025-05-09"), 10_000);
        jobs.incremental();
        assertThat(rollupRows()).hasSize(1);
        order.moved(bogota("2025-05-07T12:00"), "CANCELLED");
        jobs.incremental();
        assertThat(fact(order.orderId)).containsEntry("status", "CANCELLED");
        assertThat(rollupRows()).isEmpty();
    }

    @Test
    void carrierEventsBeforeTheirOrderWaitForIt() {
        UUID store = UUID.randomUUID();
        History order = order(store).booked(bogota("2025-06-02T10:00"), "servientrega", LocalDate.parse("2025-06-04"), 11_000)
                .moved(bogota("2025-06-02T13:00"), "PICKED_UP");
        jobs.incremental();
        assertThat(factRows()).isEmpty();

        order.placed(bogota("2025-06-02T08:00"), "11", "08", 0);
        jobs.incremental();
        assertThat(fact(order.orderId)).containsEntry("status", "PICKED_UP").containsEntry("destination_department", "08");
        assertThat(rollupRows()).hasSize(1);
    }

    @Test
    void anEventCommittedLateWithinTheOverlapIsNotMissed() {
        UUID store = UUID.randomUUID();
        History order = order(store).placed(bogota("2025-07-01T08:00"), "11", "05", 0)
                .booked(bogota("2025-07-01T09:00"), "servientrega", LocalDate.parse("2025-07-03"), 11_000);
        jobs.incremental();
        jobs.incremental();
        Instant watermark = jobs.watermark();
        assertThat(watermark).isNotNull();

        // Stored (recorded_at) a minute before the watermark by a transaction that committed after the last run looked.
        order.moved(bogota("2025-07-02T10:00"), "DELIVERED");
        jdbc.update("UPDATE analytics.event SET recorded_at = ? WHERE order_id = ? AND status = 'DELIVERED'",
                Timestamp.from(watermark.minus(Duration.ofMinutes(1))), order.orderId);
        jobs.incremental();
        assertThat(fact(order.orderId)).containsEntry("status", "DELIVERED").containsEntry("transit_business_days", 1);
        assertThat(rollupRows().get(0)).containsEntry("delivered", 1);
    }

    @Test
    void runningAgainChangesNothing() {
        knownHistory(UUID.randomUUID());
        jobs.incremental();
        List<Map<String, Object>> facts = factRows();
        List<Map<String, Object>> rollups = rollupRows();
        jobs.incremental();
        jobs.nightly();
        assertThat(factRows()).isEqualTo(facts);
        assertThat(rollupRows()).isEqualTo(rollups);
    }

    @Test
    void theNightlyRunRecomputesRecentDaysAndLeavesOlderOnesAlone() {
        UUID store = UUID.randomUUID();
        LocalDate today = LocalDate.now(FactBuilder.ZONE);
        History recent = order(store).placed(today.minusDays(3).atStartOfDay(FactBuilder.ZONE).plusHours(9).toInstant(), "11", "05", 0)
                .booked(today.minusDays(3).atStartOfDay(FactBuilder.ZONE).plusHours(10).toInstant(), "servientrega", today, 10_000);
        History old = order(store).placed(bogota("2025-01-10T09:00"), "11", "05", 0)
                .booked(bogota("2025-01-10T10:00"), "servientrega", LocalDate.parse("2025-01-14"), 10_000);
        jobs.incremental();
        // Rows damaged by hand: the nightly run puts the recent one right and does not touch the old one.
        jdbc.update("UPDATE analytics.daily_rollup SET shipments = 99");
        jdbc.update("UPDATE analytics.shipment_fact SET status = 'X'");
        jobs.nightly();
        assertThat(fact(recent.orderId).get("status")).isEqualTo("CREATED");
        assertThat(fact(old.orderId).get("status")).isEqualTo("X");
        assertThat(rollupRows()).extracting(row -> row.get("shipments")).containsExactly(99, 1);
    }

    @Test
    void anOrderCountsOnItsDayInBogota() {
        UUID store = UUID.randomUUID();
        // 23:30 in Bogotá on Monday 31 March is 04:30 UTC on Tuesday 1 April.
        History order = order(store).placed(bogota("2025-03-31T23:30"), "11", "05", 0)
                .booked(bogota("2025-03-31T23:50"), "servientrega", LocalDate.parse("2025-04-02"), 10_000)
                .moved(bogota("2025-04-01T01:10"), "PICKED_UP")
                .moved(bogota("2025-04-01T20:00"), "DELIVERED");
        jobs.incremental();
        assertThat(fact(order.orderId).get("day")).hasToString("2025-03-31");
        // Booked on Monday, delivered on Tuesday evening (Wednesday in UTC): one business day, on time.
        assertThat(fact(order.orderId)).containsEntry("transit_business_days", 1).containsEntry("on_time", true);
        assertThat(rollupRows()).extracting(row -> row.get("day").toString()).containsExactly("2025-03-31");
        assertThat(histogram(rollupRows().get(0).get("first_scan_hist"))[1]).isEqualTo(1);
    }

    @Test
    void runsNeverInterleave() throws Exception {
        knownHistory(UUID.randomUUID());
        try (Connection other = dataSource.getConnection()) {
            // Another replica's run in progress: it holds the jobs' lock until its transaction ends.
            other.setAutoCommit(false);
            other.createStatement().execute("SELECT pg_advisory_xact_lock(hashtext('litper.analytics.facts'))");
            assertThat(jobs.incremental().skipped()).isTrue();
            assertThat(factRows()).isEmpty();

            CompletableFuture<FactJobs.Run> rebuild = CompletableFuture.supplyAsync(jobs::rebuild);
            Thread.sleep(2_500);
            assertThat(rebuild).isNotDone();
            other.commit();
            assertThat(rebuild.get(30, TimeUnit.SECONDS).orders()).isEqualTo(3);
        }
        assertThat(factRows()).hasSize(3);
    }

    static int[] histogram(Object text) {
        String body = text.toString().replace("{", "").replace("}", "");
        return java.util.Arrays.stream(body.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
