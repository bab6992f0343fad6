package com.litper.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.chat.ChatTestSupport;
import com.litper.common.contracts.NotifyBuyer;
import com.litper.common.contracts.WhatsappSent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Which store a buyer's message belongs to (docs/chat.md): a number of one store is that store's; on a
 * number two stores share, the store with the buyer's most recent order event or message within the
 * window, else the first store listed.
 */
class StoreOfBuyerTest extends ChatTestSupport {

    private static final UUID FIRST = UUID.fromString(FIRST_SHARING_STORE);
    private static final UUID SECOND = UUID.fromString(SECOND_SHARING_STORE);

    @Test
    void twoStoresMessagingOneBuyerOnASharedNumberTheBuyersReplyGoesToTheMostRecent() {
        String buyer = newPhone();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Both stores tell the buyer of an order; the second store's is the more recent event.
        UUID firstOrder = orderEvent(FIRST, buyer, now.minus(3, ChronoUnit.HOURS));
        UUID secondOrder = orderEvent(SECOND, buyer, now.minus(2, ChronoUnit.HOURS));
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(firstOrder).size() == 1 && sends(secondOrder).size() == 1);

        String firstReply = newWamid();
        assertThat(signedPost(buyerWrites(SHARED_NUMBER, buyer, firstReply, "Hola", now.minus(100, ChronoUnit.MINUTES).getEpochSecond()))
                .status()).isEqualTo(200);
        assertThat(storeOfMessage(firstReply)).isEqualTo(SECOND);
        assertThat(handedToTheAgentsFor(firstReply)).isEqualTo(SECOND.toString());

        // Then the first store writes to the buyer (a message worker-service sent for it): its activity is now the latest.
        String sent = newWamid();
        tasks.send(new WhatsappSent(sent, buyer, SHARED_NUMBER, null, null, "¿Recibiste tu pedido?", null, now.minus(1, ChronoUnit.HOURS), FIRST));
        await().atMost(Duration.ofSeconds(20)).until(() -> messageCount(sent) == 1);
        assertThat(storeOfMessage(sent)).isEqualTo(FIRST);

        String secondReply = newWamid();
        assertThat(signedPost(buyerWrites(SHARED_NUMBER, buyer, secondReply, "Sí, gracias", now.minus(30, ChronoUnit.MINUTES).getEpochSecond()))
                .status()).isEqualTo(200);
        assertThat(storeOfMessage(secondReply)).isEqualTo(FIRST);

        // The status of a message sent to the buyer that is not known yet goes where the buyer's messages go.
        String unknown = newWamid();
        assertThat(signedPost(status(SHARED_NUMBER, unknown, buyer, now.getEpochSecond())).status()).isEqualTo(200);
        assertThat(storeOfMessage(unknown)).isEqualTo(FIRST);
    }

    @Test
    void aBuyerWithoutRecentActivityOnASharedNumberGoesToTheFirstStoreListed() {
        String stranger = newPhone();
        String wamid = newWamid();
        assertThat(signedPost(buyerWrites(SHARED_NUMBER, stranger, wamid, "Hola", Instant.now().getEpochSecond())).status()).isEqualTo(200);
        assertThat(storeOfMessage(wamid)).isEqualTo(FIRST);

        // An order of the second store 40 days ago is beyond the window (30 days).
        String oldCustomer = newPhone();
        UUID old = orderEvent(SECOND, oldCustomer, Instant.now().minus(40, ChronoUnit.DAYS));
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(old).size() == 1);
        String late = newWamid();
        assertThat(signedPost(buyerWrites(SHARED_NUMBER, oldCustomer, late, "Hola", Instant.now().getEpochSecond())).status()).isEqualTo(200);
        assertThat(storeOfMessage(late)).isEqualTo(FIRST);
    }

    @Test
    void aNumberOfOneStoreIsThatStoresWhateverTheBuyerBoughtElsewhere() {
        String buyer = newPhone();
        UUID order = orderEvent(SECOND, buyer, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(order).size() == 1);
        String wamid = newWamid();
        assertThat(signedPost(buyerWrites(OWN_NUMBER, buyer, wamid, "Hola", Instant.now().getEpochSecond())).status()).isEqualTo(200);
        assertThat(storeOfMessage(wamid)).isEqualTo(UUID.fromString(OWN_STORE));
    }

    private UUID orderEvent(UUID store, String buyer, Instant at) {
        UUID order = UUID.randomUUID();
        tasks.send(new NotifyBuyer(store, order, buyer, "Ana", NotifyBuyer.Event.SHIPPED, null, "SV123", "Servientrega", null, at));
        return order;
    }

    private UUID storeOfMessage(String wamid) {
        return jdbc.sql("""
                        SELECT c.store_id FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id
                        WHERE m.whatsapp_message_id = :w""")
                .param("w", wamid).query(UUID.class).single();
    }

    private String handedToTheAgentsFor(String wamid) {
        return jdbc.sql("SELECT payload->>'storeId' FROM chat.outbox WHERE payload->>'whatsappMessageId' = :w").param("w", wamid)
                .query(String.class).single();
    }

    private long messageCount(String wamid) {
        return jdbc.sql("SELECT count(*) FROM chat.message WHERE whatsapp_message_id = :w").param("w", wamid).query(Long.class).single();
    }

    private static String status(String phoneNumberId, String wamid, String recipient, long epochSecond) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"%s"},
                "statuses":[{"id":"%s","status":"delivered","timestamp":"%d","recipient_id":"%s"}]},"field":"messages"}]}]}"""
                .formatted(phoneNumberId, wamid, epochSecond, recipient.substring(1));
    }
}
