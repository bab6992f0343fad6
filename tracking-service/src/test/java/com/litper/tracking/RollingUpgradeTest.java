package com.litper.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testing.Http;
import com.litper.common.testing.PreviousReleaseWriters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Pods of the previous release keep writing while this release's schema is in place: their writes
 * ({@code previous-release/writers.sql}) succeed against the schema Flyway migrated for this context,
 * and this release carries on from what they wrote: it relays their outbox, applies their carrier
 * event to their shipment, applies their kept event when the shipment appears, and shows the timeline.
 */
class RollingUpgradeTest extends TrackingTestSupport {

    private static final UUID SHIPMENT = UUID.fromString("c8d2e3f4-1a2b-4c3d-8e4f-5a6b7c8d9e01");

    @Autowired
    DataSource dataSource;

    @Test
    void thePreviousReleasesWritesSucceedAndThisReleaseCarriesOn() {
        PreviousReleaseWriters.run(dataSource, PreviousReleaseWriters.WRITERS);

        // The carrier_event the previous release's webhook accepted is relayed and applied by this release.
        await().atMost(Duration.ofSeconds(20)).until(() -> "OUT_FOR_DELIVERY".equals(status(SHIPMENT)));
        Http.Response lookup = lookup("CO9100000001");
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        List<String> timeline = new ArrayList<>();
        lookup.json().path("events").forEach(e -> timeline.add(e.path("status").asString()));
        assertThat(timeline).containsExactly("CREATED", "IN_TRANSIT", "OUT_FOR_DELIVERY");

        // api-service hears of every change, the previous release's two and this release's third, in version order.
        await().atMost(Duration.ofSeconds(20)).until(() -> shipmentUpdates(SHIPMENT).size() == 3);
        assertThat(shipmentUpdates(SHIPMENT)).extracting(update -> update.path("version").asLong()).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertThat(shipmentUpdates(SHIPMENT)).filteredOn(update -> update.path("version").asLong() == 3).singleElement()
                .satisfies(update -> assertThat(update.path("event").path("eventId").asString()).isEqualTo("evt-prev-2"));
        assertThat(notifications(SHIPMENT)).extracting(n -> n.path("event").asString()).contains("OUT_FOR_DELIVERY");

        // The event the previous release kept is applied when this release creates the shipment of its guide.
        UUID later = book("coordinadora", "CO9100000002");
        await().atMost(Duration.ofSeconds(20)).until(() -> events(later, "evt-prev-3") == 1);
        assertThat(keptEvents("coordinadora", "CO9100000002")).isZero();
        assertThat(status(later)).isEqualTo("IN_TRANSIT");
    }
}
