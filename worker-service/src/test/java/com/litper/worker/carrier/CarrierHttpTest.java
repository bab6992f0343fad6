package com.litper.worker.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.litper.worker.CarrierTestBase;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a carrier's answer means, through the HTTP interface client, against WireMock. */
class CarrierHttpTest extends CarrierTestBase {

    @Test
    void anAnswerThatIsNotJsonIsAFailedCallAndIsRetried() {
        carriers.stubFor(post(urlEqualTo("/tcc/v1/shipments")).atPriority(1).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "text/html").withBody("<html>maintenance</html>")));

        assertThatThrownBy(() -> carrierClient.book("tcc", booking())).isInstanceOf(CarrierCallException.class)
                .hasMessageContaining("unreadable answer");
        assertThat(carriers.findAll(postRequestedFor(urlEqualTo("/tcc/v1/shipments")))).hasSize(4);
    }

    @Test
    void aJsonAnswerIsReadWhateverContentTypeItDeclares() {
        carriers.stubFor(post(urlEqualTo("/coordinadora/v1/shipments")).atPriority(1).willReturn(aResponse().withStatus(201)
                .withBody("{\"trackingNumber\":\"CO-1\",\"createdAt\":\"2026-11-25T15:04:05Z\"}")));

        Shipment shipment = carrierClient.book("coordinadora", booking());

        assertThat(shipment.trackingNumber()).isEqualTo("CO-1");
        assertThat(shipment.carrier()).isEqualTo("coordinadora");
    }

    @Test
    void aRedirectIsNotFollowedAndIsARefusal() {
        carriers.stubFor(post(urlEqualTo("/servientrega/v1/shipments")).atPriority(1).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://elsewhere.example/v1/shipments")));

        assertThatThrownBy(() -> carrierClient.book("servientrega", booking())).isInstanceOf(CarrierRejectedException.class)
                .hasMessageContaining("HTTP 302");
        assertThat(carriers.findAll(postRequestedFor(urlEqualTo("/servientrega/v1/shipments")))).hasSize(1);
    }

    @Test
    void anInterruptedCallStopsAtOnceIsNotRetriedAndBlamesNobody() throws InterruptedException {
        carriers.stubFor(post(urlEqualTo("/interrapidisimo/v1/shipments")).atPriority(1).willReturn(aResponse().withStatus(201)
                .withFixedDelay(5_000).withBody("{\"trackingNumber\":\"late\"}")));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = new Thread(() -> {
            try {
                carrierClient.book("interrapidisimo", booking());
            } catch (RuntimeException e) {
                failure.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        caller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !carriers.findAll(postRequestedFor(urlEqualTo("/interrapidisimo/v1/shipments"))).isEmpty());

        caller.interrupt();
        caller.join(Duration.ofMillis(800).toMillis());

        assertThat(caller.isAlive()).as("stopped before the 1 s timeout").isFalse();
        assertThat(failure.get()).isInstanceOf(CarrierCallInterruptedException.class);
        assertThat(stillInterrupted).as("the interrupt status is kept for the task's worker").isTrue();
        assertThat(carriers.findAll(postRequestedFor(urlEqualTo("/interrapidisimo/v1/shipments")))).hasSize(1);
        assertThat(carrierClient.circuitBreaker("interrapidisimo").getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(carrierClient.circuitBreaker("interrapidisimo").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    private static BookingRequest booking() {
        return new BookingRequest(UUID.randomUUID().toString(), new BookingRequest.Sender("Tienda Demo"),
                new BookingRequest.Recipient("Ana Gómez", "+573001234567", "Calle 10 # 5-20", "05001", "Medellín", "05", "Antioquia"),
                90_000, 0, "COP", List.of(new BookingRequest.Item("SKU-1", "Camiseta", 1, 90_000)));
    }
}
