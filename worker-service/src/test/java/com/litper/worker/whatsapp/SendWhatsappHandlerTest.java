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
import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** send_whatsapp against WireMock playing the Cloud API: wire format, and what each kind of answer does to the task. */
class SendWhatsappHandlerTest extends WhatsappTestBase {

    @Autowired
    MeterRegistry meters;

    @Test
    void aTemplateMessageGoesOutInTheCloudApiWireFormat() {
        double sentBefore = sends("sent", "none");
        startWorker(handler, 2);
        String to = randomBuyer();
        queue.enqueue("send_whatsapp", payload(to, "Ana Gómez", false), TaskPriority.HIGH);

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
        assertThat(sends("sent", "none")).isGreaterThanOrEqualTo(sentBefore + 1);
    }

    /** litper_whatsapp_sends_total of one outcome and code, 0 before the first. */
    private double sends(String outcome, String code) {
        Counter counter = meters.find("litper.whatsapp.sends").tag("outcome", outcome).tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aSecondTaskOfAMessageAlreadySentSendsNothingAndTellsChatServiceAgainWithTheKeyOfTheSend() {
        List<Task> sentMessages = new CopyOnWriteArrayList<>();
        TaskWorker chat = new TaskWorker(queue, List.of(TaskHandler.of("whatsapp_sent", sentMessages::add)),
                WorkerSettings.defaults().withQueues(CHAT_QUEUE), TaskListener.NONE);
        chat.start();
        try {
            startWorker(handler, 2);
            String to = randomBuyer();
            String shipmentId = UUID.randomUUID().toString();
            String message = """
                    {"to":"%s","template":"order_out_for_delivery","language":"es","parameters":["Ana","G-1","Servientrega"],
                     "text":"Hola Ana, tu pedido va en camino.","orderId":"%s","shipmentId":"%s","status":"OUT_FOR_DELIVERY"}
                    """.formatted(to, UUID.randomUUID(), shipmentId);
            String first = queue.enqueue("send_whatsapp", message, TaskPriority.HIGH);
            Supplier<List<Task>> toBuyer = () -> sentMessages.stream().filter(t -> t.payload().contains("\"to\":\"" + to + "\"")).toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(to).size() == 1 && toBuyer.get().size() == 1);

            // chat-service dispatches the same message again (its whatsapp_sent never came back): another task, under a key of its own.
            String second = queue.enqueue(com.litper.common.queue.TaskRequest.of("send_whatsapp", message, TaskPriority.HIGH)
                    .deduplicatedBy("whatsapp:" + shipmentId + ":OUT_FOR_DELIVERY:redispatch:1"));
            assertThat(second).isNotEqualTo(first);
            // Its whatsapp_sent is the first one's (same message id, same key): de-duplicated on the chat queue, so
            // the proof that it ran is the queue being empty with still one send.
            await().atMost(Duration.ofSeconds(20)).until(() -> queueIsEmpty());
            assertThat(deadLetter(second)).isNull();
            assertThat(sendsTo(to)).hasSize(1);
            JsonNode sent = json.readTree(toBuyer.get().get(0).payload());
            assertThat(sent.path("sendKey").asString()).isEqualTo("whatsapp:" + shipmentId + ":OUT_FOR_DELIVERY");
            assertThat(redis.hasKey("litper:whatsapp:{sent-message:whatsapp:" + shipmentId + ":OUT_FOR_DELIVERY}")).isTrue();
        } finally {
            chat.stop();
        }
    }

    @Test
    void aSentMessageAboutAnOrderIsHandedBackToApiServiceOnceAndEverySentMessageToChatService() {
        List<Task> orderMessages = new CopyOnWriteArrayList<>();
        List<Task> sentMessages = new CopyOnWriteArrayList<>();
        TaskWorker api = new TaskWorker(queue, List.of(TaskHandler.of("order_message", orderMessages::add)),
                WorkerSettings.defaults().withQueues(API_QUEUE), TaskListener.NONE);
        TaskWorker chat = new TaskWorker(queue, List.of(TaskHandler.of("whatsapp_sent", sentMessages::add)),
                WorkerSettings.defaults().withQueues(CHAT_QUEUE), TaskListener.NONE);
        api.start();
        chat.start();
        try {
            startWorker(handler, 2);
            String to = randomBuyer();
            String wamid = "wamid.HBgM" + UUID.randomUUID().toString().replace("-", "");
            whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1).withRequestBody(containing(to.substring(1)))
                    .withRequestBody(containing("order_out_for_delivery"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"" + wamid + "\"}]}")));
            String orderId = UUID.randomUUID().toString();
            Instant before = Instant.now();
            String storeId = UUID.randomUUID().toString();
            queue.enqueue("send_whatsapp", """
                    {"to":"%s","template":"order_out_for_delivery","language":"es","parameters":["Ana","G-1","Servientrega"],
                     "text":"Hola Ana, tu pedido con guía G-1 de Servientrega va en camino.","orderId":"%s","status":"OUT_FOR_DELIVERY",
                     "storeId":"%s"}
                    """.formatted(to, orderId, storeId), TaskPriority.HIGH);
            // A message without an order, to the same buyer: nothing for api-service, but chat-service hears of it.
            queue.enqueue("send_whatsapp", "{\"to\":\"" + to.substring(1) + "\",\"template\":\"hello\",\"language\":\"es\"}",
                    TaskPriority.HIGH);

            // Other tests of this class leave their tasks in the api and chat queues: only this buyer's count.
            Supplier<List<Task>> ofOrder = () -> orderMessages.stream().filter(t -> t.payload().contains("\"to\":\"" + to + "\"")).toList();
            Supplier<List<Task>> toBuyer = () -> sentMessages.stream().filter(t -> t.payload().contains("\"to\":\"" + to + "\"")).toList();
            await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(to).size() == 2 && queueIsEmpty() && ofOrder.get().size() == 1
                    && toBuyer.get().size() == 2);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> ofOrder.get().size() == 1 && toBuyer.get().size() == 2);
            Task task = ofOrder.get().get(0);
            assertThat(task.priority()).isEqualTo(TaskPriority.NORMAL);
            assertThat(queue.routing().queueFor(task.type())).isEqualTo(API_QUEUE);
            JsonNode message = json.readTree(task.payload());
            assertThat(message.path("orderId").asString()).isEqualTo(orderId);
            assertThat(message.path("messageId").asString()).isEqualTo(wamid);
            assertThat(message.path("to").asString()).isEqualTo(to);
            assertThat(message.path("template").asString()).isEqualTo("order_out_for_delivery");
            assertThat(message.path("language").asString()).isEqualTo("es");
            assertThat(message.path("text").asString()).isEqualTo("Hola Ana, tu pedido con guía G-1 de Servientrega va en camino.");
            assertThat(message.path("status").asString()).isEqualTo("OUT_FOR_DELIVERY");
            assertThat(Instant.parse(message.path("sentAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(redis.hasKey("litper:queue:{" + API_QUEUE + "}:dedup:order-message:" + wamid)).isTrue();

            Task sent = toBuyer.get().stream().filter(t -> t.payload().contains(wamid)).findFirst().orElseThrow();
            assertThat(sent.priority()).isEqualTo(TaskPriority.NORMAL);
            JsonNode text = json.readTree(sent.payload());
            assertThat(text.path("messageId").asString()).isEqualTo(wamid);
            assertThat(text.path("to").asString()).isEqualTo(to);
            assertThat(text.path("phoneNumberId").asString()).isEqualTo(PHONE_NUMBER_ID);
            assertThat(text.path("template").asString()).isEqualTo("order_out_for_delivery");
            assertThat(text.path("language").asString()).isEqualTo("es");
            assertThat(text.path("text").asString()).isEqualTo("Hola Ana, tu pedido con guía G-1 de Servientrega va en camino.");
            assertThat(text.path("orderId").asString()).isEqualTo(orderId);
            assertThat(text.path("storeId").asString()).as("the store whose conversation it is, as chat-service said").isEqualTo(storeId);
            assertThat(Instant.parse(text.path("sentAt").asString())).isEqualTo(Instant.parse(message.path("sentAt").asString()));
            assertThat(redis.hasKey("litper:queue:{" + CHAT_QUEUE + "}:dedup:whatsapp-sent:" + wamid)).isTrue();

            // The message without an order: its number in E.164 although the task gave it without "+", no order, no text.
            JsonNode hello = json.readTree(toBuyer.get().stream().filter(t -> !t.payload().contains(wamid)).findFirst().orElseThrow().payload());
            assertThat(hello.path("messageId").asString()).startsWith("wamid.").isNotEqualTo(wamid);
            assertThat(hello.path("to").asString()).isEqualTo(to);
            assertThat(hello.path("template").asString()).isEqualTo("hello");
            assertThat(hello.path("orderId").isNull()).isTrue();
            assertThat(hello.path("text").isNull()).isTrue();
            assertThat(hello.path("storeId").isNull()).isTrue();
        } finally {
            api.stop();
            chat.stop();
        }
    }

    @Test
    void aFreeTextMessageIsHandedBackWithoutTemplate() {
        List<Task> orderMessages = new CopyOnWriteArrayList<>();
        TaskWorker api = new TaskWorker(queue, List.of(TaskHandler.of("order_message", orderMessages::add)),
                WorkerSettings.defaults().withQueues(API_QUEUE), TaskListener.NONE);
        api.start();
        try {
            startWorker(handler, 2);
            String to = randomBuyer();
            queue.enqueue("send_whatsapp", payload(to, "Ana", true), TaskPriority.HIGH);

            await().atMost(Duration.ofSeconds(20)).until(() -> orderMessages.stream().anyMatch(t -> t.payload().contains(to)));
            JsonNode message = json.readTree(orderMessages.stream().filter(t -> t.payload().contains(to)).findFirst().orElseThrow().payload());
            assertThat(message.path("template").isNull()).isTrue();
            assertThat(message.path("messageId").asString()).startsWith("wamid.");
            assertThat(message.path("text").asString()).isEqualTo("Hola Ana, tu pedido fue enviado con Servientrega. Guía: G-1.");
            assertThat(message.path("status").isNull()).isTrue();
        } finally {
            api.stop();
        }
    }

    @Test
    void aReplyWrittenInChatServicesInboxGoesBackToItsRecordedMessage() {
        List<Task> sentMessages = new CopyOnWriteArrayList<>();
        TaskWorker chat = new TaskWorker(queue, List.of(TaskHandler.of("whatsapp_sent", sentMessages::add)),
                WorkerSettings.defaults().withQueues(CHAT_QUEUE), TaskListener.NONE);
        chat.start();
        try {
            startWorker(handler, 2);
            String to = randomBuyer();
            String chatMessageId = UUID.randomUUID().toString();
            queue.enqueue("send_whatsapp", """
                    {"to":"%s","text":"Hola Ana, ya revisé tu pedido.","sessionOpen":true,"chatMessageId":"%s"}
                    """.formatted(to, chatMessageId), TaskPriority.HIGH);

            await().atMost(Duration.ofSeconds(20)).until(() -> sentMessages.stream().anyMatch(t -> t.payload().contains(chatMessageId)));
            assertThat(sendsTo(to)).hasSize(1);
            JsonNode sent = json.readTree(sentMessages.stream().filter(t -> t.payload().contains(chatMessageId)).findFirst().orElseThrow()
                    .payload());
            assertThat(sent.path("chatMessageId").asString()).isEqualTo(chatMessageId);
            assertThat(sent.path("messageId").asString()).startsWith("wamid.");
            assertThat(sent.path("text").asString()).isEqualTo("Hola Ana, ya revisé tu pedido.");
            assertThat(sent.path("template").isNull()).isTrue();
        } finally {
            chat.stop();
        }
    }

    @Test
    void freeTextIsSentOnlyInsideTheBuyersServiceWindow() {
        startWorker(handler, 2);
        String to = randomBuyer();
        queue.enqueue("send_whatsapp", payload(to, "Ana", true), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(to).size() == 1 && queueIsEmpty());
        assertThat(sendsTo(to).get(0).getBodyAsString()).satisfies(body -> {
            assertThat(json.readTree(body)).isEqualTo(json.readTree("""
                    {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"text",
                     "text":{"body":"Hola Ana, tu pedido fue enviado con Servientrega. Guía: G-1."}}
                    """.formatted(to.substring(1))));
        });
    }

    @Test
    void replyButtonsGoOutAsAnInteractiveMessage() {
        startWorker(handler, 2);
        String to = randomBuyer();
        queue.enqueue("send_whatsapp", """
                {"to":"%s","text":"¿Confirmas el cambio?","sessionOpen":true,"chatMessageId":"%s",
                 "buttons":[{"id":"action:1:yes","title":"Sí, cambiar"},{"id":"action:1:no","title":"No"}]}
                """.formatted(to, UUID.randomUUID()), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(to).size() == 1 && queueIsEmpty());
        assertThat(json.readTree(sendsTo(to).get(0).getBodyAsString())).isEqualTo(json.readTree("""
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"interactive",
                 "interactive":{"type":"button","body":{"text":"¿Confirmas el cambio?"},"action":{"buttons":[
                   {"type":"reply","reply":{"id":"action:1:yes","title":"Sí, cambiar"}},
                   {"type":"reply","reply":{"id":"action:1:no","title":"No"}}]}}}
                """.formatted(to.substring(1))));
    }

    @Test
    void aThroughputErrorDefersTheMessageWithoutSpendingAnAttemptAndItIsSentLater() {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        startWorker(TaskHandler.of("send_whatsapp", task -> {
            attempts.add(task.attempt());
            handler.handle(task);
        }), 2);
        String to = randomBuyer();
        whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1)
                .withRequestBody(containing(to.substring(1)))
                .inScenario("throttled").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(graphError(400, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.")));

        String id = queue.enqueue("send_whatsapp", payload(to, "Ana", false), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> sendsTo(to).size() == 2 && queueIsEmpty());
        List<LoggedRequest> calls = sendsTo(to);
        assertThat(calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime()).isGreaterThanOrEqualTo(200);
        assertThat(deadLetter(id)).isNull();
        // Deferred, not failed: every run was attempt 1.
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(2).containsOnly(1);
    }

    @Test
    void anUndeliverableNumberGoesToTheDeadLettersAtOnceWithWhatsappsCodeAndChatServiceHearsOfIt() {
        List<Task> failures = new CopyOnWriteArrayList<>();
        TaskWorker chat = new TaskWorker(queue, List.of(TaskHandler.of("whatsapp_failed", failures::add)),
                WorkerSettings.defaults().withQueues(CHAT_QUEUE), TaskListener.NONE);
        chat.start();
        try {
            double undeliverableBefore = sends("permanent", "131026");
            startWorker(handler, 2);
            String to = randomBuyer();
            whatsapp.stubFor(post(urlEqualTo(MESSAGES_PATH)).atPriority(1).withRequestBody(containing(to.substring(1)))
                    .willReturn(graphError(400, 131026, "(#131026) Message Undeliverable.", "Message Undeliverable.")));
            String storeId = UUID.randomUUID().toString();
            String orderId = UUID.randomUUID().toString();
            Instant before = Instant.now();

            String chatMessageId = UUID.randomUUID().toString();
            String id = queue.enqueue("send_whatsapp", """
                    {"to":"%s","template":"order_shipped","language":"es","parameters":["Ana","G-1","Servientrega"],
                     "text":"Hola Ana, tu pedido ya fue despachado.","orderId":"%s","status":"SHIPPED","storeId":"%s","chatMessageId":"%s"}
                    """.formatted(to, orderId, storeId, chatMessageId), TaskPriority.HIGH);

            await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id) != null);
            DeadLetter letter = deadLetter(id);
            assertThat(letter.task().attempt()).isEqualTo(1);
            assertThat(letter.lastError()).contains("PermanentTaskFailure").contains("error 131026").contains("Message Undeliverable");
            assertThat(sendsTo(to)).hasSize(1);
            assertThat(sends("permanent", "131026")).isEqualTo(undeliverableBefore + 1);

            await().atMost(Duration.ofSeconds(10)).until(() -> failures.stream().anyMatch(t -> t.payload().contains(id)));
            Task reported = failures.stream().filter(t -> t.payload().contains(id)).findFirst().orElseThrow();
            assertThat(reported.priority()).isEqualTo(TaskPriority.NORMAL);
            assertThat(queue.routing().queueFor(reported.type())).isEqualTo(CHAT_QUEUE);
            JsonNode failure = json.readTree(reported.payload());
            assertThat(failure.path("sendTaskId").asString()).isEqualTo(id);
            assertThat(failure.path("to").asString()).isEqualTo(to);
            assertThat(failure.path("phoneNumberId").asString()).isEqualTo(PHONE_NUMBER_ID);
            assertThat(failure.path("storeId").asString()).isEqualTo(storeId);
            assertThat(failure.path("orderId").asString()).isEqualTo(orderId);
            assertThat(failure.path("template").asString()).isEqualTo("order_shipped");
            assertThat(failure.path("text").asString()).isEqualTo("Hola Ana, tu pedido ya fue despachado.");
            assertThat(failure.path("errorCode").asInt()).isEqualTo(131026);
            assertThat(failure.path("errorTitle").asString()).isEqualTo("Message Undeliverable.");
            assertThat(failure.path("chatMessageId").asString()).isEqualTo(chatMessageId);
            assertThat(Instant.parse(failure.path("failedAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
            assertThat(redis.hasKey("litper:queue:{" + CHAT_QUEUE + "}:dedup:whatsapp-failed:" + id)).isTrue();
        } finally {
            chat.stop();
        }
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

        String rejectedId = queue.enqueue("send_whatsapp", payload(rejected, "Ana", false), TaskPriority.HIGH);
        String unluckyId = queue.enqueue("send_whatsapp", payload(unlucky, "Luis", false), TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(rejectedId) != null && sendsTo(unlucky).size() == 2 && queueIsEmpty());
        assertThat(deadLetter(rejectedId).lastError()).contains("error 132001").contains("does not exist in es");
        assertThat(sendsTo(rejected)).hasSize(1);
        assertThat(deadLetter(unluckyId)).isNull();
        // Only the message refused for good is reported as failed; the details (which may repeat parameters) stay out.
        assertThat(redis.hasKey("litper:queue:{" + CHAT_QUEUE + "}:dedup:whatsapp-failed:" + rejectedId)).isTrue();
        assertThat(redis.hasKey("litper:queue:{" + CHAT_QUEUE + "}:dedup:whatsapp-failed:" + unluckyId)).isFalse();
    }

    @Test
    void aPayloadThatCannotBeSentIsDeadLetteredWithoutCallingWhatsapp() {
        startWorker(handler, 2);
        String id = queue.enqueue("send_whatsapp", "{\"to\":\"3001234\",\"language\":\"es\",\"orderId\":\"o-1\"}", TaskPriority.HIGH);

        await().atMost(Duration.ofSeconds(20)).until(() -> deadLetter(id) != null);
        assertThat(deadLetter(id).lastError()).contains("send_whatsapp payload is invalid").contains("to must be E.164")
                .contains("textOrTemplate must be given").contains("orderId must be an order id");
        assertThat(sends()).isEmpty();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder graphError(int status, int code, String message, String details) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("""
                {"error":{"message":"%s","type":"OAuthException","code":%d,
                 "error_data":{"messaging_product":"whatsapp","details":"%s"},"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}
                """.formatted(message, code, details));
    }
}
