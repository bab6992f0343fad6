package com.litper.worker.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The global rate limit and per-buyer pacing, as WireMock sees the requests arrive. Only lower bounds
 * on spacing, upper bounds on counts per window, and orders are asserted: never how fast things went.
 */
class WhatsappPacingTest extends WhatsappTestBase {

    @Test
    void theRateLimitHoldsAcrossTwoWorkersAndNoMessageIsDropped() {
        AtomicInteger runsOfFirst = new AtomicInteger();
        AtomicInteger runsOfSecond = new AtomicInteger();
        TaskHandler second = anotherReplica(properties);
        startWorker(TaskHandler.of("send_whatsapp", task -> {
            runsOfFirst.incrementAndGet();
            handler.handle(task);
        }), 4);
        startWorker(TaskHandler.of("send_whatsapp", task -> {
            runsOfSecond.incrementAndGet();
            second.handle(task);
        }), 4);

        int messages = 3 * LIMIT;
        List<String> buyers = new ArrayList<>();
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            String to = randomBuyer();
            buyers.add(to);
            requests.add(TaskRequest.of("send_whatsapp", payload(to, "Comprador " + i, false), TaskPriority.HIGH));
        }
        queue.enqueueAll(requests);

        await().atMost(Duration.ofSeconds(60)).until(() -> sends().size() >= messages && queueIsEmpty());

        List<LoggedRequest> sends = sends();
        assertThat(sends).hasSize(messages);
        // Every message sent exactly once.
        for (String to : buyers) {
            assertThat(sends.stream().filter(request -> request.getBodyAsString().contains("\"" + to.substring(1) + "\""))).hasSize(1);
        }
        // No window of the configured length, wherever it starts, saw more than the limit. The stub logs a
        // send when it arrives, a little after its permit was taken (later still on a busy machine), so
        // sends permitted in two windows can arrive closer together: the check allows that much skew, and
        // a limiter that let the 60 messages through at once would still fail it by far.
        long skew = 300;
        List<Long> times = sends.stream().map(request -> request.getLoggedDate().getTime()).sorted().toList();
        for (int i = 0; i < times.size(); i++) {
            long start = times.get(i);
            long inWindow = times.stream().filter(time -> time >= start && time < start + WINDOW.toMillis() - skew).count();
            assertThat(inWindow).as("sends in the window starting at request %d", i).isLessThanOrEqualTo(LIMIT);
        }
        // Both replicas took part.
        assertThat(runsOfFirst.get()).isPositive();
        assertThat(runsOfSecond.get()).isPositive();
    }

    @Test
    void messagesToOneBuyerGoOutInOrderAndSpacedWhileAnotherBuyerIsNotHeldUp() {
        startWorker(handler, 4);
        String ana = randomBuyer();
        String luis = randomBuyer();

        queue.enqueue("send_whatsapp", payload(ana, "primero", false), TaskPriority.HIGH);
        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(ana).size() == 1);
        // Two more while Ana's turn is still spaced, then one for Luis behind them in the queue.
        enqueueInItsOwnMillisecond(payload(ana, "segundo", false));
        enqueueInItsOwnMillisecond(payload(ana, "tercero", false));
        enqueueInItsOwnMillisecond(payload(luis, "Luis", false));

        await().atMost(Duration.ofSeconds(30)).until(() -> sendsTo(ana).size() == 3 && sendsTo(luis).size() == 1 && queueIsEmpty());
        List<LoggedRequest> toAna = sendsTo(ana);
        assertThat(toAna).extracting(request -> json.readTree(request.getBodyAsString())
                        .path("template").path("components").path(0).path("parameters").path(0).path("text").asString())
                .containsExactly("primero", "segundo", "tercero");
        for (int i = 1; i < toAna.size(); i++) {
            assertThat(toAna.get(i).getLoggedDate().getTime() - toAna.get(i - 1).getLoggedDate().getTime())
                    .as("gap before message %d to the same buyer", i + 1).isGreaterThanOrEqualTo(INTERVAL.toMillis());
        }
        // Luis was enqueued after Ana's second and third messages, yet did not wait for them.
        assertThat(sendsTo(luis).get(0).getLoggedDate()).isBefore(toAna.get(1).getLoggedDate());
    }

    @Test
    void aDeferredEarlierMessageIsNotOvertakenByALaterOneToTheSameBuyer() {
        // A throttle long enough that the second message surely arrives while the first is deferred.
        startWorker(anotherReplica(withThrottleBackoff(properties, Duration.ofSeconds(2))), 4);
        String ana = randomBuyer();
        whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1).withRequestBody(containing("primero"))
                .inScenario("throttled").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(SendWhatsappHandlerTest.graphError(400, 130429, "(#130429) Rate limit hit", "")));

        queue.enqueue("send_whatsapp", payload(ana, "primero", false), TaskPriority.HIGH);
        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(ana).size() == 1);
        queue.enqueue("send_whatsapp", payload(ana, "segundo", false), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(30)).until(() -> sendsTo(ana).size() == 3 && queueIsEmpty());
        assertThat(sendsTo(ana)).extracting(request -> json.readTree(request.getBodyAsString())
                        .path("template").path("components").path(0).path("parameters").path(0).path("text").asString())
                .containsExactly("primero", "primero", "segundo");
    }

    /** Enqueue times have millisecond resolution; distinct ones make the intended order unambiguous. */
    private void enqueueInItsOwnMillisecond(String payload) {
        long before = clock.millis();
        await().pollInterval(Duration.ofMillis(1)).until(() -> clock.millis() > before);
        queue.enqueue("send_whatsapp", payload, TaskPriority.HIGH);
        long after = clock.millis();
        await().pollInterval(Duration.ofMillis(1)).until(() -> clock.millis() > after);
    }
}
