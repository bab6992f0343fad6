package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testing.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** A stream ends after its lifetime; the client reconnects with its last id and misses nothing. */
@TestPropertySource(properties = "litper.chat.events.stream-timeout=2s")
class EventStreamTimeoutTest extends InboxTestSupport {

    @Autowired
    EventStreams streams;

    @Test
    void aStreamEndsAfterItsTimeoutAndTheClientResumesWhereItWas() {
        UUID store = UUID.randomUUID();
        UUID id = conversation(store, Instant.now());
        String lastId;
        try (SseClient stream = open(store, null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.named(EventStreams.READY).isEmpty());
            lastId = stream.named(EventStreams.READY).get(0).id();
            await().atMost(Duration.ofSeconds(20)).until(stream::ended);
            assertThat(stream.status()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 0);

        // Meanwhile, a change.
        assertThat(post("/api/chat/conversations/" + id + "/resolve", owner(store), null).status()).isEqualTo(200);
        try (SseClient resumed = open(store, lastId)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !resumed.named(InboxEvents.CONVERSATION).isEmpty());
            assertThat(resumed.named(InboxEvents.CONVERSATION).get(0).data()).contains(id.toString(), "RESOLVED");
        }
    }

    private SseClient open(UUID store, String lastEventId) {
        Map<String, String> headers = new HashMap<>(TestTokens.bearer(owner(store)));
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return SseClient.open(http().uri("/api/chat/events"), headers);
    }
}
