package com.litper.worker.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskPriority;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** send_whatsapp against WireMock playing the Cloud API: wire format, and what each kind of answer does to the task. */
class SendWhatsappHandlerTest extends WhatsappTestBase {

    @Test
    void aTemplateMessageGoesOutInTheCloudApiWireFormat() {
        startWorker(handler, 2);
        String to = randomBuyer();
        queue.enqueue(SendWhatsappHandler.TYPE, payload(to, "Ana Gómez", false), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(to).size() == 1 && queueIsEmpty());
        whatsapp.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withHeader("Authorization", equalTo("Bearer test-token"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                         "template":{"name":"order_shipped","language":{"code":"es"},
                                     "components":[{"type":"body","parameters":[
                                        {"type":"text","text":"Ana Gómez"},{"type":"text","text":"Servientrega"},{"type":"text","text":"G-1"}]}]}}
                        """.formatted(to.substring(1)))));
    }

    @Test
    void freeTextIsSentOnlyInsideTheBuyersServiceWindow() {
        startWorker(handler, 2);
        String to = randomBuyer();
        queue.enqueue(SendWhatsappHandler.TYPE, payload(to, "Ana", true), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(to).size() == 1 && queueIsEmpty());
        assertThat(sendsTo(to).get(0).getBodyAsString()).satisfies(body -> {
            assertThat(json.readTree(body)).isEqualTo(json.readTree("""
                    {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"text",
                     "text":{"body":"Hola Ana, tu pedido fue enviado con Servientrega. Guía: G-1."}}
                    """.formatted(to.substring(1))));
        });
    }

    @Test
    void aThroughputErrorDefersTheMessageWithoutSpendingAnAttemptAndItIsSentLater() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        startWorker(TaskHandler.of(SendWhatsappHandler.TYPE, task -> {
            attempts.add(task.attempt());
            handler.handle(task);
        }), 2);
        String to = randomBuyer();
        whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1)
                .withRequestBody(containing(to.substring(1)))
                .inScenario("throttled").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(graphError(400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.")));

        String id = queue.enqueue(SendWhatsappHandler.TYPE, payload(to, "Ana", false), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(to).size() == 2 && queueIsEmpty());
        List<LoggedRequest> calls = sendsTo(to);
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(200);
        assertThat(deadLetter(id)).isNull();
        // Deferred, not failed: every run was attempt 1.
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(2).containsOnly(1);
    }

    @Test
    void anUndeliverableNumberGoesToTheDeadLettersAtOnceWithWhatsappsCode() {
        startWorker(handler, 2);
        String to = randomBuyer();
        whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1).withRequestBody(containing(to.substring(1)))
                .willReturn(graphError(400, 131026, "(#131026) Message Undeliverable.", "Message Undeliverable.")));

        String id = queue.enqueue(SendWhatsappHandler.TYPE, payload(to, "Ana", false), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id) != null);
        DeadLetter letter = deadLetter(id);
        assertThat(letter.task().attempt()).isEqualTo(1);
        assertThat(letter.lastError()).contains("PermanentTaskFailure").contains("error 131026").contains("Message Undeliverable");
        assertThat(sendsTo(to)).hasSize(1);
    }

    @Test
    void aTemplateProblemIsPermanentAndAServerErrorIsRetried() {
        startWorker(handler, 2);
        String rejected = randomBuyer();
        String unlucky = randomBuyer();
        whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1).withRequestBody(containing(rejected.substring(1)))
                .willReturn(graphError(400, 132001, "(#132001) Template name does not exist in the translation", "template name (order_shipped) does not exist in es")));
        whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1).withRequestBody(containing(unlucky.substring(1)))
                .inScenario("flaky").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("up")
                .willReturn(graphError(500, 131000, "Something went wrong", "")));

        String rejectedId = queue.enqueue(SendWhatsappHandler.TYPE, payload(rejected, "Ana", false), TaskPriority.HIGH);
        String unluckyId = queue.enqueue(SendWhatsappHandler.TYPE, payload(unlucky, "Luis", false), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(rejectedId) != null && sendsTo(unlucky).size() == 2 && queueIsEmpty());
        assertThat(deadLetter(rejectedId).lastError()).contains("error 132001").contains("does not exist in es");
        assertThat(sendsTo(rejected)).hasSize(1);
        assertThat(deadLetter(unluckyId)).isNull();
    }

    @Test
    void aPayloadThatCannotBeSentIsDeadLetteredWithoutCallingWhatsapp() {
        startWorker(handler, 2);
        String id = queue.enqueue(SendWhatsappHandler.TYPE, "{\"to\":\"3001234\",\"language\":\"es\",\"orderId\":\"o-1\"}", TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id) != null);
        assertThat(deadLetter(id).lastError()).contains("of order o-1").contains("to (E.164)").contains("template");
        assertThat(sends()).isEmpty();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder graphError(int status, int code, String message, String details) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error":{"message":"%s","type":"OAuthException","code":%d,
                 "error_data":{"messaging_product":"whatsapp","details":"%s"},"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}
                """.formatted(message, code, details));
    }
}
