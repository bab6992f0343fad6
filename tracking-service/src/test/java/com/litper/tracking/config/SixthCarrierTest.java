package com.litper.tracking.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testing.Http;
import com.litper.tracking.TrackingTestSupport;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A carrier tracking-service has no code for, defined only in configuration (TrackingTestSupport's
 * {@code litper.carriers.deprisa.*} and {@code litper.tracking.carriers.deprisa.statuses.*}): its
 * bookings become shipments, its signed webhooks are accepted and applied with its own status codes,
 * buyers read its display name, and it is polled because its registry entry says so.
 */
class SixthCarrierTest extends TrackingTestSupport {

    @Autowired
    TrackedCarriers carriers;

    @Test
    void itsSignedWebhookIsAcceptedAndAppliedWithItsOwnStatusCodes() {
        String tn = newTrackingNumber("DP");
        UUID shipment = book("deprisa", tn);
        assertThat(jdbc.sql("SELECT description FROM tracking.tracking_event WHERE shipment_id = :id").param("id", shipment)
                .query(String.class).single()).isEqualTo("Guía generada con Deprisa");

        Http.Response accepted = webhook("deprisa", event(tn + "-1", tn, "EN_DISTRIBUCION", "2026-11-26T07:00:00-05:00"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> "OUT_FOR_DELIVERY".equals(status(shipment)));
        await().atMost(Duration.ofSeconds(20)).until(() -> !notifications(shipment).isEmpty());
        JsonNode notification = notifications(shipment).get(0);
        assertThat(notification.path("event").asString()).isEqualTo("OUT_FOR_DELIVERY");
        assertThat(notification.path("carrierName").asString()).isEqualTo("Deprisa");
    }

    @Test
    void itsWebhookIsCheckedLikeAnyOther() {
        String tn = newTrackingNumber("DP");
        String body = event(tn + "-1", tn, "EN_RUTA", "2026-11-26T07:00:00-05:00");
        String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());

        assertProblem(webhook("deprisa", body, Map.of("X-Litper-Timestamp", timestamp,
                "X-Litper-Signature", "sha256=" + hmac(COORDINADORA_SECRET, timestamp + "." + body))), 401);
        Http.Response unknownCode = webhook("deprisa", event(tn + "-2", tn, "PERDIDO", "2026-11-26T07:00:00-05:00"));
        assertProblem(unknownCode, 400);
        assertThat(unknownCode.json().path("detail").asString()).contains("en_distribucion");
    }

    @Test
    void itIsPolledBecauseItsRegistryEntrySaysSo() {
        assertThat(carriers.polled()).containsExactly("deprisa", "interrapidisimo");
        assertThat(carriers.carrier("DEPRISA")).hasValueSatisfying(carrier -> {
            assertThat(carrier.displayName()).isEqualTo("Deprisa");
            assertThat(carrier.acceptsWebhooks()).isTrue();
            assertThat(carrier.toString()).doesNotContain(DEPRISA_SECRET);
        });
    }
}
