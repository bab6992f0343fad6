package com.litper.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.chat.ChatTestSupport;
import com.litper.common.contracts.WhatsappFailed;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code whatsapp_failed} through chat-service's own worker: a message WhatsApp refused for good is
 * shown in the buyer's conversation with the store it was for, as FAILED with WhatsApp's code and
 * title, once per send task.
 */
class WhatsappFailedTest extends ChatTestSupport {

    private static final String TEXT = "Hola Ana, tu pedido con guía SV123 de Servientrega va en camino y llega hoy a tu dirección.";

    @Test
    void aRefusedMessageIsAFailedMessageInTheConversationOfItsStoreOnce() {
        assertThat(queue.routing().queueFor("whatsapp_failed")).isEqualTo(CHAT_QUEUE);
        String buyer = newPhone();
        UUID store = UUID.randomUUID();
        String sendTask = UUID.randomUUID().toString();
        Instant failedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        WhatsappFailed failed = new WhatsappFailed(sendTask, buyer, OWN_NUMBER, store, UUID.randomUUID().toString(), "order_out_for_delivery",
                "es", TEXT, 131026, "Message Undeliverable.", failedAt);
        tasks.send(failed);
        await().atMost(Duration.ofSeconds(20)).until(() -> failedMessages(buyer).size() == 1);

        // Reported again (a worker that ran twice, or a replay after the de-duplication window): still one.
        String again = queue.enqueue(TaskRequest.of("whatsapp_failed", tasks.codec().encode(tasks.contracts().of(WhatsappFailed.class), failed),
                TaskPriority.NORMAL));
        await().atMost(Duration.ofSeconds(20)).until(this::chatQueueIsIdle);
        assertThat(deadLetter(again)).isEmpty();

        List<Map<String, Object>> rows = failedMessages(buyer);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("store_id")).isEqualTo(store);
        assertThat(row.get("direction")).isEqualTo("OUTBOUND");
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat(row.get("error_code")).isEqualTo(131026);
        assertThat(row.get("error_title")).isEqualTo("Message Undeliverable.");
        assertThat(row.get("body")).isEqualTo(TEXT);
        assertThat(row.get("type")).isEqualTo("template");
        assertThat(row.get("whatsapp_message_id")).isNull();
        assertThat(row.get("send_task_id")).isEqualTo(sendTask);
        assertThat(((java.sql.Timestamp) row.get("status_at")).toInstant()).isEqualTo(failedAt);
        assertThat(row.get("last_inbound_at")).as("a message Litper tried to send opens no window").isNull();
        // The AI controlled the conversation, and nobody would act on the failure: a person does now.
        await().atMost(Duration.ofSeconds(10)).until(() -> "HUMAN".equals(jdbc.sql(
                "SELECT controller FROM chat.conversation WHERE store_id = :s AND buyer_phone = :p")
                .param("s", store).param("p", buyer).query(String.class).single()));
    }

    @Test
    void withoutAStoreItGoesToTheSendingNumbersStoreAndAFreeTextShowsItsText() {
        String buyer = newPhone();
        tasks.send(new WhatsappFailed(UUID.randomUUID().toString(), buyer, OWN_NUMBER, null, null, null, null, "Claro, te aviso.", 131047,
                "Re-engagement message", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> failedMessages(buyer).size() == 1);

        Map<String, Object> row = failedMessages(buyer).get(0);
        assertThat(row.get("store_id")).isEqualTo(UUID.fromString(OWN_STORE));
        assertThat(row.get("type")).isEqualTo("text");
        assertThat(row.get("body")).isEqualTo("Claro, te aviso.");
        assertThat(row.get("error_code")).isEqualTo(131047);
    }

    private List<Map<String, Object>> failedMessages(String buyer) {
        return jdbc.sql("""
                        SELECT c.store_id, c.last_inbound_at, m.direction, m.status, m.error_code, m.error_title, m.body, m.type,
                            m.whatsapp_message_id, m.send_task_id, m.status_at
                        FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id
                        WHERE c.buyer_phone = :phone AND m.status = 'FAILED'""")
                .param("phone", buyer).query().listOfRows();
    }
}
