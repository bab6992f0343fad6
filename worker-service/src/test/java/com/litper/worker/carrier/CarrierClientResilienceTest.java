package com.litper.worker.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskPriority;
import com.litper.worker.CarrierTestBase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The carrier client's protection, against WireMock with scaled-down settings: 1 s timeout and
 * open-circuit wait, retries after 100, 200 and 400 ms, a circuit opening after 5 consecutive failures.
 */
class CarrierClientResilienceTest extends CarrierTestBase {

    @Test
    void fiveFailuresOpenTheCircuitCallsStopThenItHalfOpensAndRecovers() {
        String carrier = "interrapidisimo";
        StubMapping failing = carriers.stubFor(bookings(carrier).willReturn(aResponse().withStatus(500).withBody("boom")));

        // First booking: 1 call + 3 retries, all failing; the circuit is still closed after 4 failures.
        assertThatThrownBy(() -> carrierClient.book(carrier, booking())).isInstanceOf(CarrierCallException.class).hasMessageContaining("HTTP 500");
        assertThat(carrierClient.circuitBreaker(carrier).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        // Second booking: its first call is the fifth failure and opens the circuit; its retry is not sent.
        assertThatThrownBy(() -> carrierClient.book(carrier, booking()))
                .isInstanceOf(CarrierUnavailableException.class).hasMessage("carrier interrapidisimo unavailable (circuit open)");
        assertThat(carrierClient.circuitBreaker(carrier).getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(bookingRequests(carrier)).hasSize(5);

        // While open: the named fallback answers, the carrier is not called, and it says how long
        // until a trial call (what process_order waits): the rest of wait-in-open (1 s here).
        assertThatThrownBy(() -> carrierClient.book(carrier, booking())).isInstanceOfSatisfying(CarrierUnavailableException.class,
                open -> assertThat(open.untilTrial()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1)));
        assertThatThrownBy(() -> carrierClient.events(carrier, "G-1")).isInstanceOf(CarrierUnavailableException.class);
        assertThat(carriers.findAll(anyRequestedFor(urlPathMatching("/" + carrier + "/.*")))).hasSize(5);

        // After the wait one trial call goes through; it fails, so the circuit opens again (no new alert).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> carrierClient.circuitBreaker(carrier).tryAcquirePermission());
        carrierClient.circuitBreaker(carrier).releasePermission();
        assertThatThrownBy(() -> carrierClient.book(carrier, booking())).isInstanceOf(CarrierUnavailableException.class);
        assertThat(bookingRequests(carrier)).hasSize(6);
        assertThat(carrierClient.circuitBreaker(carrier).getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // The carrier is back: after the next wait the trial call succeeds and closes the circuit.
        carriers.removeStub(failing);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> carrierClient.circuitBreaker(carrier).tryAcquirePermission());
        carrierClient.circuitBreaker(carrier).releasePermission();
        Shipment shipment = carrierClient.book(carrier, booking());
        assertThat(shipment.trackingNumber()).startsWith("G-");
        assertThat(carrierClient.circuitBreaker(carrier).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(bookingRequests(carrier)).hasSize(7);

        // One CRITICAL alert for the one opening, however many calls were rejected or re-opened it.
        await().atMost(Duration.ofSeconds(10)).until(() -> alertsOf(carrier).size() == 1);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> alertsOf(carrier).size() == 1);
        Task alert = alertsOf(carrier).get(0);
        assertThat(alert.priority()).isEqualTo(TaskPriority.CRITICAL);
        JsonNode body = payload(alert);
        assertThat(body.path("severity").asString()).isEqualTo("critical");
        assertThat(body.path("source").asString()).isEqualTo("carrier:interrapidisimo");
        assertThat(body.path("message").asString()).contains("interrapidisimo");
    }

    @Test
    void failedCallsAreRetriedWithGrowingBackoff() {
        String carrier = "tcc";
        carriers.stubFor(bookings(carrier).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> carrierClient.book(carrier, booking())).isInstanceOf(CarrierCallException.class).hasMessageContaining("HTTP 503");

        List<LoggedRequest> calls = bookingRequests(carrier);
        assertThat(calls).hasSize(4);
        long first = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        long second = calls.get(2).getLoggedDate().getTime() - calls.get(1).getLoggedDate().getTime();
        long third = calls.get(3).getLoggedDate().getTime() - calls.get(2).getLoggedDate().getTime();
        // Lower bounds only (the waits are 100, 200, 400 ms; log times have millisecond resolution), and growth.
        assertThat(first).isGreaterThanOrEqualTo(99);
        assertThat(second).isGreaterThanOrEqualTo(199);
        assertThat(third).isGreaterThanOrEqualTo(399).isGreaterThan(first);
    }

    @Test
    void aSlowCarrierTimesOutAndIsRetried() {
        String carrier = "envia";
        carriers.stubFor(bookings(carrier).willReturn(aResponse().withStatus(201).withFixedDelay(3_000)
                .withBody("{\"trackingNumber\":\"late\"}")));

        assertThatThrownBy(() -> carrierClient.book(carrier, booking())).isInstanceOf(CarrierCallException.class)
                .hasMessageContaining("timed out");
        assertThat(bookingRequests(carrier)).hasSize(4);
    }

    @Test
    void aRejectedRequestIsNeitherRetriedNorCountedAgainstTheCircuit() {
        String carrier = "coordinadora";
        carriers.stubFor(bookings(carrier).willReturn(aResponse().withStatus(422).withBody("{\"error\":\"bad city\"}")));

        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> carrierClient.book(carrier, booking())).isInstanceOf(CarrierRejectedException.class)
                    .hasMessageContaining("422").hasMessageContaining("bad city");
        }
        assertThat(bookingRequests(carrier)).hasSize(6);
        assertThat(carrierClient.circuitBreaker(carrier).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private static MappingBuilder bookings(String carrier) {
        return post(urlEqualTo("/" + carrier + "/v1/shipments")).atPriority(1);
    }

    private static List<LoggedRequest> bookingRequests(String carrier) {
        return carriers.findAll(postRequestedFor(urlEqualTo("/" + carrier + "/v1/shipments")));
    }

    private List<Task> alertsOf(String carrier) {
        return recorded("alert", "\"carrier:" + carrier + "\"");
    }

    private static BookingRequest booking() {
        return new BookingRequest(UUID.randomUUID().toString(), new BookingRequest.Sender("Tienda Demo"),
                new BookingRequest.Recipient("Ana Gómez", "+573001234567", "Calle 10 # 5-20", "05001", "Medellín", "05", "Antioquia"),
                90_000, 0, "COP", List.of(new BookingRequest.Item("SKU-1", "Camiseta", 1, 90_000)));
    }
}
