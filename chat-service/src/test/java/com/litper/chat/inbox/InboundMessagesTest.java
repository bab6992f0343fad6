package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a buyer's message does to the inbox's state of a conversation, through the real webhook. */
class InboundMessagesTest extends InboxTestSupport {

    @Test
    void aBuyersFirstMessageOpensTheConversationUnreadAndARedeliveryCountsOnce() {
        String phone = newPhone();
        Instant sentAt = Instant.now().minusSeconds(5);
        String wamid = newWamid();
        clock.advance(Duration.ofMinutes(3));
        Instant arrival = clock.instant();
        deliver(textMessage(phone, wamid, "Hola", sentAt));
        clock.advance(Duration.ofMinutes(1));
        deliver(textMessage(phone, wamid, "Hola", sentAt));

        Map<String, Object> row = row(conversationOf(phone));
        assertThat(row.get("status")).isEqualTo("OPEN");
        assertThat(row.get("controller")).isEqualTo("AI");
        assertThat(row.get("unread")).isEqualTo(1);
        // Activity by arrival, and the redelivery was no new activity.
        assertThat(instant(row.get("last_message_at"))).isBetween(arrival, arrival.plusSeconds(30));
        assertThat(row.get("assignee")).isNull();
    }

    @Test
    void aConversationOnlyLitperWroteInHasNothingToDo() {
        String phone = newPhone();
        deliver(statusOf(newWamid(), "sent", Instant.now(), phone, null));
        Map<String, Object> row = row(conversationOf(phone));
        assertThat(row.get("status")).isEqualTo("RESOLVED");
        assertThat(row.get("unread")).isEqualTo(0);
    }

    @Test
    void aNewMessageReopensAResolvedOrSnoozedConversation() {
        for (String parked : new String[] {"RESOLVED", "SNOOZED", "PENDING"}) {
            String phone = newPhone();
            buyerWrites(phone, "Hola", Instant.now().minusSeconds(60));
            UUID id = conversationOf(phone);
            jdbc.sql("UPDATE chat.conversation SET status = :s, snoozed_until = CASE WHEN :s = 'SNOOZED' THEN now() + interval '1 day' END,"
                    + " unread = 0 WHERE id = :id").param("s", parked).param("id", id).update();

            buyerWrites(phone, "¿Sigue ahí?", Instant.now());
            Map<String, Object> row = row(id);
            assertThat(row.get("status")).as("after %s", parked).isEqualTo("OPEN");
            assertThat(row.get("snoozed_until")).isNull();
            assertThat(row.get("unread")).isEqualTo(1);
        }
    }

    @Test
    void whileAPersonControlsTheConversationTheAiIsNotHandedTheBuyersMessages() {
        String phone = newPhone();
        String first = buyerWrites(phone, "Hola", Instant.now().minusSeconds(60));
        UUID id = conversationOf(phone);
        assertThat(outboxRows(first)).isEqualTo(1);

        jdbc.sql("UPDATE chat.conversation SET controller = 'HUMAN' WHERE id = :id").param("id", id).update();
        String second = buyerWrites(phone, "¿Me ayuda una persona?", Instant.now());
        assertThat(outboxRows(second)).as("no inbound_message task while a person controls it").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM chat.message WHERE whatsapp_message_id = :w").param("w", second)
                .query(Long.class).single()).isEqualTo(1);
        assertThat(row(id).get("unread")).isEqualTo(2);
    }

    private long outboxRows(String wamid) {
        return jdbc.sql("SELECT count(*) FROM chat.outbox WHERE task_type = 'inbound_message' AND payload->>'whatsappMessageId' = :w")
                .param("w", wamid).query(Long.class).single();
    }
}
