package com.litper.tracking.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.tracking.TrackingTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Polls of open shipments of polled carriers: one update_tracking per shipment and time slot. */
class TrackingPollerTest extends TrackingTestSupport {

    @Autowired
    TrackingPoller poller;

    @Autowired
    PollingProperties properties;

    private boolean pollEnqueued(UUID shipment) {
        // This slot or, if the test crossed a slot boundary, the one before.
        long slot = System.currentTimeMillis() / properties.interval().toMillis();
        return Boolean.TRUE.equals(redis.hasKey("litper:queue:{worker}:dedup:poll:" + shipment + ":" + slot))
                || Boolean.TRUE.equals(redis.hasKey("litper:queue:{worker}:dedup:poll:" + shipment + ":" + (slot - 1)));
    }

    private List<JsonNode> polls(UUID shipment) {
        return workerTasks.getOrDefault("update_tracking", Map.of()).getOrDefault(shipment.toString(), List.of());
    }

    @Test
    void openShipmentsOfPolledCarriersArePolledOncePerSlot() {
        String polledNumber = newTrackingNumber("IR");
        UUID polled = book("interrapidisimo", polledNumber);
        UUID notPolled = book("coordinadora", newTrackingNumber("CO"));
        String deliveredNumber = newTrackingNumber("IR");
        UUID delivered = book("interrapidisimo", deliveredNumber);
        jdbc.sql("UPDATE tracking.shipment SET status = 'DELIVERED' WHERE id = :id").param("id", delivered).update();

        assertThat(poller.schedulePolls()).isPositive();
        poller.schedulePolls();

        await().atMost(Duration.ofSeconds(20)).until(() -> !polls(polled).isEmpty());
        JsonNode payload = polls(polled).get(0);
        assertThat(payload.path("carrier").asString()).isEqualTo("interrapidisimo");
        assertThat(payload.path("trackingNumber").asString()).isEqualTo(polledNumber);
        assertThat(pollEnqueued(polled)).isTrue();
        assertThat(pollEnqueued(notPolled)).isFalse();
        assertThat(pollEnqueued(delivered)).isFalse();
        // Scheduled twice in one slot (e.g. by a new leader), enqueued once.
        assertThat(polls(polled)).hasSize(1);
    }

    @Test
    void aWebhookCarriersShipmentWithoutNewsIsPolledOncePerQuietPeriod() {
        // The carrier gave up on a webhook while tracking-service was down: only a poll finds the event.
        String quietNumber = newTrackingNumber("CO");
        UUID quiet = book("coordinadora", quietNumber);
        jdbc.sql("UPDATE tracking.shipment SET updated_at = now() - interval '3 hours' WHERE id = :id").param("id", quiet).update();
        UUID recent = book("coordinadora", newTrackingNumber("CO"));
        UUID deliveredLongAgo = book("servientrega", newTrackingNumber("SV"));
        jdbc.sql("UPDATE tracking.shipment SET status = 'DELIVERED', updated_at = now() - interval '3 hours' WHERE id = :id")
                .param("id", deliveredLongAgo).update();

        assertThat(poller.pollQuietShipments()).isPositive();
        poller.pollQuietShipments();

        await().atMost(Duration.ofSeconds(20)).until(() -> !polls(quiet).isEmpty());
        assertThat(polls(quiet).get(0).path("carrier").asString()).isEqualTo("coordinadora");
        assertThat(polls(quiet).get(0).path("trackingNumber").asString()).isEqualTo(quietNumber);
        assertThat(polls(quiet)).as("once per quiet period").hasSize(1);
        assertThat(polls(recent)).isEmpty();
        assertThat(polls(deliveredLongAgo)).isEmpty();
        long slot = System.currentTimeMillis() / properties.quietAfter().toMillis();
        assertThat(redis.hasKey("litper:queue:{worker}:dedup:quiet:" + quiet + ":" + slot)
                || redis.hasKey("litper:queue:{worker}:dedup:quiet:" + quiet + ":" + (slot - 1))).isTrue();
    }
}
