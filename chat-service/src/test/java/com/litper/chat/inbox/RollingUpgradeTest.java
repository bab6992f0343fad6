package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testing.Http;
import com.litper.common.testing.PreviousReleaseWriters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Pods of the previous release keep writing while this release's schema is in place: their writes
 * ({@code previous-release/writers.sql}: a buyer's message, a notification, the agent's reply and
 * hand-over) succeed against the schema Flyway migrated for this context, and this release's inbox
 * shows them, changes them, and relays their outbox.
 */
class RollingUpgradeTest extends InboxTestSupport {

    private static final UUID STORE_OF_PREVIOUS_RELEASE = UUID.fromString("d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f01");
    private static final String CONVERSATION = "d9e3f4a5-2b3c-4d4e-9f5a-6b7c8d9e0f11";

    @Autowired
    DataSource dataSource;

    @Test
    void thePreviousReleasesWritesSucceedAndTheInboxShowsThem() {
        PreviousReleaseWriters.run(dataSource, PreviousReleaseWriters.WRITERS);
        String owner = owner(STORE_OF_PREVIOUS_RELEASE);

        Http.Response response = get("/api/chat/conversations/" + CONVERSATION, owner);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode conversation = response.json().path("conversation");
        assertThat(conversation.path("buyerName").asString()).isEqualTo("Marta");
        assertThat(conversation.path("status").asString()).isEqualTo("PENDING");
        assertThat(conversation.path("controller").asString()).isEqualTo("HUMAN");
        assertThat(conversation.path("unread").asInt()).isEqualTo(1);
        assertThat(conversation.path("handover").path("reason").asString()).isEqualTo("BUYER_ASKED");
        List<String> messages = new ArrayList<>();
        response.json().path("messages").forEach(m -> messages.add(m.path("direction").asString() + " " + m.path("status").asString()));
        assertThat(messages).containsExactlyInAnyOrder("INBOUND RECEIVED", "OUTBOUND SENT");
        assertThat(response.json().path("orders").get(0).path("trackingNumber").asString()).isEqualTo("CO9200000001");

        List<String> listed = new ArrayList<>();
        get("/api/chat/conversations", owner).json().path("items").forEach(c -> listed.add(c.path("id").asString()));
        assertThat(listed).containsExactly(CONVERSATION);

        // This release changes what the previous one wrote.
        Http.Response read = post("/api/chat/conversations/" + CONVERSATION + "/read", owner, null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("unread").asInt()).isZero();

        // And relays its outbox rows.
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM chat.outbox WHERE sent_at IS NOT NULL"
                + " AND payload->>'storeId' = :store").param("store", STORE_OF_PREVIOUS_RELEASE.toString()).query(Long.class).single() == 3);
    }
}
