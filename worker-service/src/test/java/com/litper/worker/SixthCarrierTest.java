package com.litper.worker;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.TaskPriority;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A carrier worker-service has no code for, defined only in configuration (CarrierTestBase's
 * {@code litper.carriers.deprisa.*}, with WireMock as its API): orders that ask for it are booked with
 * it, the buyer reads its display name, and its shipments are polled.
 */
class SixthCarrierTest extends CarrierTestBase {

    @Test
    void anOrderThatAsksForItIsBookedWithItsApiAndKey() {
        UUID orderId = UUID.randomUUID();
        queue.enqueue("process_order", orderPayload(orderId, UUID.randomUUID(), "deprisa"), TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("shipment_booked", orderId.toString()).size() == 1
                && recorded("notify_buyer", orderId.toString()).size() == 1);
        carriers.verify(1, postRequestedFor(urlEqualTo("/deprisa/v1/shipments"))
                .withHeader("Authorization", equalTo("Bearer key-of-deprisa"))
                .withHeader("Idempotency-Key", equalTo(orderId.toString())));
        assertThat(payload(recorded("shipment_booked", orderId.toString()).get(0)).path("carrier").asString()).isEqualTo("deprisa");
        assertThat(payload(recorded("notify_buyer", orderId.toString()).get(0)).path("carrierName").asString()).isEqualTo("Deprisa");
    }

    @Test
    void itsShipmentsArePolledThroughItsApi() {
        String guide = "DP-" + UUID.randomUUID();
        String path = "/deprisa/v1/shipments/" + guide + "/events";
        carriers.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("""
                        {"events":[{"eventId":"%s-1","status":"EN_DISTRIBUCION","occurredAt":"2026-11-26T12:00:00Z","description":"En reparto"}]}"""
                        .formatted(guide))));

        queue.enqueue("update_tracking", "{\"carrier\":\"deprisa\",\"trackingNumber\":\"" + guide + "\",\"shipmentId\":\"" + UUID.randomUUID()
                + "\"}", TaskPriority.NORMAL);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded("carrier_event", guide).size() == 1);
        carriers.verify(getRequestedFor(urlEqualTo(path)).withHeader("Authorization", equalTo("Bearer key-of-deprisa")));
        JsonNode event = payload(recorded("carrier_event", guide).get(0));
        assertThat(event.path("carrier").asString()).isEqualTo("deprisa");
        assertThat(event.path("event").path("status").asString()).isEqualTo("EN_DISTRIBUCION");
    }
}
