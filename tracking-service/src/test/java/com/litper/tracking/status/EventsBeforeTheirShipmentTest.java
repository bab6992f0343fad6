package com.litper.tracking.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.TaskPriority;
import com.litper.common.testing.Http;
import com.litper.tracking.TrackingTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * A carrier reports on a guide before worker-service's shipment_booked reaches tracking-service:
 * its events are kept, and applied when the shipment appears, in the order they happened, with the
 * statuses, updates and buyer notifications they would have caused had they come after. A carrier
 * event is de-duplicated where it is applied or kept, not where it is received.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventsBeforeTheirShipmentTest extends TrackingTestSupport {

    @Autowired
    PendingEventSweeper sweeper;

    @Autowired
    MeterRegistry meters;

    /** coordinadora's events of one guide, in the order they happened: picked up, in transit, a novedad, a new delivery attempt. */
    private static List<String> route(String tn) {
        return List.of(
                event(tn + "-1", tn, "recogida", "2026-11-25T10:00:00-05:00"),
                event(tn + "-2", tn, "en-transporte", "2026-11-25T14:00:00-05:00"),
                event(tn + "-3", tn, "novedad", "2026-11-26T12:00:00-05:00", "Cliente ausente"),
                event(tn + "-4", tn, "en-reparto", "2026-11-27T07:00:00-05:00"));
    }

    private void post(String carrier, String body) {
        Http.Response response = webhook(carrier, body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    /** Every task of the tracking queue has run (tests run one at a time, so these are this test's). */
    private void awaitTrackingQueueIdle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> queue.leasedCount("tracking") == 0 && queue.delayedCount("tracking") == 0
                && Arrays.stream(TaskPriority.values()).allMatch(p -> queue.depth("tracking", p) == 0)
                && jdbc.sql("SELECT count(*) FROM tracking.outbox WHERE sent_at IS NULL").query(Long.class).single() == 0);
    }

    /** The timeline as the status rule left it, entry by entry in version order, with the guide taken out of the event ids. */
    private List<String> timeline(UUID shipment, String tn) {
        return jdbc.sql("""
                        SELECT carrier_event_id, status, applied, notification, shipment_version, shipment_status, shipment_status_reason
                        FROM tracking.tracking_event WHERE shipment_id = :s ORDER BY shipment_version""")
                .param("s", shipment)
                .query((rs, n) -> String.join(" ", rs.getString(1).replace(tn, "<guide>"), rs.getString(2), Boolean.toString(rs.getBoolean(3)),
                        String.valueOf(rs.getString(4)), Long.toString(rs.getLong(5)), rs.getString(6), String.valueOf(rs.getString(7))))
                .list();
    }

    /** What chat-service was asked to tell the buyer: event, reason and when it happened, sorted. */
    private List<String> told(UUID shipment) {
        return notifications(shipment).stream()
                .map(n -> n.path("event").asString() + " " + (n.path("reason").isString() ? n.path("reason").asString() : "") + " "
                        + n.path("occurredAt").asString())
                .sorted().toList();
    }

    private List<String> updates(UUID shipment, String tn) {
        return shipmentUpdates(shipment).stream().sorted(Comparator.comparingLong(u -> u.path("version").asLong()))
                .map(u -> u.path("version").asLong() + " " + u.path("event").path("eventId").asString().replace(tn, "<guide>") + " "
                        + u.path("status").asString())
                .toList();
    }

    private long version(UUID shipment) {
        return jdbc.sql("SELECT version FROM tracking.shipment WHERE id = :id").param("id", shipment).query(Long.class).single();
    }

    @Test
    void eventsBeforeTheBookingAreAppliedInTheOrderTheyHappenedAsIfTheyHadComeAfter() {
        // The control: booked first, then each event as it happens.
        String after = newTrackingNumber("CO");
        UUID control = book("coordinadora", after);
        for (String event : route(after)) {
            post("coordinadora", event);
            String eventId = JSON.readTree(event).path("eventId").asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> events(control, eventId) == 1);
        }
        assertThat(status(control)).isEqualTo("OUT_FOR_DELIVERY");

        // The same events before the booking, arriving in another order than they happened.
        String before = newTrackingNumber("CO");
        List<String> route = route(before);
        for (int i : new int[] {3, 0, 2, 1}) {
            post("coordinadora", route.get(i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> keptEvents("coordinadora", before) == 4);
        assertThat(shipmentId("coordinadora", before)).isNull();
        assertThat(eventsWithId(before + "-1")).isZero();

        UUID early = book("coordinadora", before);
        await().atMost(Duration.ofSeconds(20)).until(() -> events(early, before + "-4") == 1);
        assertThat(keptEvents("coordinadora", before)).isZero();
        assertThat(status(early)).isEqualTo("OUT_FOR_DELIVERY");
        assertThat(timeline(early, before)).isEqualTo(timeline(control, after)).containsExactly(
                "litper:booked CREATED true null 1 CREATED null",
                "<guide>-1 PICKED_UP true SHIPPED 2 PICKED_UP null",
                "<guide>-2 IN_TRANSIT true null 3 IN_TRANSIT null",
                "<guide>-3 EXCEPTION true EXCEPTION 4 EXCEPTION Cliente ausente",
                "<guide>-4 OUT_FOR_DELIVERY true OUT_FOR_DELIVERY 5 OUT_FOR_DELIVERY null");

        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(early).size() == 3 && notifications(control).size() == 3
                && shipmentUpdates(early).size() == 5 && shipmentUpdates(control).size() == 5);
        assertThat(told(early)).isEqualTo(told(control)).containsExactly(
                "EXCEPTION Cliente ausente 2026-11-26T17:00:00Z",
                "OUT_FOR_DELIVERY  2026-11-27T12:00:00Z",
                "SHIPPED  2026-11-25T15:00:00Z");
        assertThat(updates(early, before)).isEqualTo(updates(control, after));
        awaitTrackingQueueIdle();
        assertThat(notifications(early)).hasSize(3);
    }

    @Test
    void aResendOfAKeptEventIsKeptOnceAndAResendOfAnAppliedOneChangesNothing() {
        String tn = newTrackingNumber("CO");
        String pickedUp = event(tn + "-1", tn, "recogida", "2026-11-25T10:00:00-05:00");
        post("coordinadora", pickedUp);
        post("coordinadora", pickedUp);
        awaitTrackingQueueIdle();
        assertThat(acceptedCarrierEvents(tn + "-1")).isEqualTo(2);
        assertThat(keptEvents("coordinadora", tn)).isEqualTo(1);

        UUID shipment = book("coordinadora", tn);
        await().atMost(Duration.ofSeconds(20)).until(() -> "PICKED_UP".equals(status(shipment)));
        awaitTrackingQueueIdle();
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(shipment).size() == 1 && shipmentUpdates(shipment).size() == 2);
        assertThat(events(shipment, tn + "-1")).isEqualTo(1);
        assertThat(version(shipment)).isEqualTo(2);

        post("coordinadora", pickedUp);
        awaitTrackingQueueIdle();
        assertThat(acceptedCarrierEvents(tn + "-1")).isEqualTo(3);
        assertThat(events(shipment, tn + "-1")).isEqualTo(1);
        assertThat(version(shipment)).isEqualTo(2);
        assertThat(keptEvents("coordinadora", tn)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM tracking.outbox WHERE payload->>'shipmentId' = :s").param("s", shipment.toString())
                .query(Long.class).single()).as("shipment_update, shipment_changed and notify_buyer rows").isEqualTo(5);
        assertThat(notifications(shipment)).hasSize(1);
        assertThat(shipmentUpdates(shipment)).hasSize(2);
    }

    @Test
    void aResendOfAnEventThatWasReceivedButNeverAppliedIsApplied() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);
        // As an earlier release left an event whose task ended in the dead letters: its key recorded on receipt, for 24 hours.
        redis.opsForValue().set("litper:queue:{tracking}:dedup:carrier:coordinadora:" + tn + "-1", "lost-task", Duration.ofHours(24));

        post("coordinadora", event(tn + "-1", tn, "en-reparto", "2026-11-26T07:00:00-05:00"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "OUT_FOR_DELIVERY".equals(status(shipment)));
        assertThat(events(shipment, tn + "-1")).isEqualTo(1);
    }

    @Test
    void anEventWhoseGuideNeverGetsAShipmentIsDroppedAfterTheRetentionWithALogLineAndACount(CapturedOutput output) {
        String lost = newTrackingNumber("CO");
        String fresh = newTrackingNumber("CO");
        post("coordinadora", event(lost + "-1", lost, "recogida", "2026-11-25T10:00:00-05:00"));
        post("coordinadora", event(fresh + "-1", fresh, "recogida", "2026-11-25T10:00:00-05:00"));
        await().atMost(Duration.ofSeconds(20)).until(() -> keptEvents("coordinadora", lost) == 1 && keptEvents("coordinadora", fresh) == 1);
        // Received longer ago than the retention (7 days).
        jdbc.sql("UPDATE tracking.pending_carrier_event SET received_at = received_at - interval '7 days 1 minute' WHERE tracking_number = :t")
                .param("t", lost).update();
        double droppedBefore = meters.counter("litper.tracking.pending_events.dropped").count();

        assertThat(sweeper.dropExpired()).isEqualTo(1);

        assertThat(keptEvents("coordinadora", lost)).isZero();
        assertThat(keptEvents("coordinadora", fresh)).as("still within the retention").isEqualTo(1);
        assertThat(meters.counter("litper.tracking.pending_events.dropped").count()).isEqualTo(droppedBefore + 1);
        assertThat(output.getOut()).contains("Carrier event " + lost + "-1 of coordinadora " + lost).contains("dropped");
        jdbc.sql("DELETE FROM tracking.pending_carrier_event WHERE tracking_number = :t").param("t", fresh).update();
    }

    @Test
    void eventsKeptForAShipmentThatExistsAreAppliedByTheSweep() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);
        // As when an older release, which does not apply kept events, created the shipment.
        jdbc.sql("""
                        INSERT INTO tracking.pending_carrier_event (carrier, tracking_number, carrier_event_id, carrier_status, occurred_at,
                            received_at)
                        VALUES ('coordinadora', :t, :e, 'en-transporte', '2026-11-25T19:00:00Z', now())""")
                .param("t", tn).param("e", tn + "-1").update();

        assertThat(sweeper.applyKeptOfExistingShipments()).isEqualTo(1);

        assertThat(events(shipment, tn + "-1")).isEqualTo(1);
        assertThat(status(shipment)).isEqualTo("IN_TRANSIT");
        assertThat(keptEvents("coordinadora", tn)).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> notifications(shipment).size() == 1);
        JsonNode shipped = notifications(shipment).get(0);
        assertThat(shipped.path("event").asString()).isEqualTo("SHIPPED");
    }
}
