package com.litper.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What tracking-service serves while Redis is down: it stays ready, carriers' signed webhooks are
 * accepted (stored in PostgreSQL) and applied once Redis is back, and buyers keep their lookup.
 */
class RedisOutageTest extends TrackingTestSupport {

    @AfterEach
    void redisRunsAgain() {
        EmbeddedInfrastructure.redis().start();
    }

    @Test
    void aSignedWebhookIsAcceptedWhileRedisIsDownAndAppliedWhenItReturnsAndTheServiceStaysReady() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);

        EmbeddedInfrastructure.redis().stop();
        Http.Response ready = http().get("/ready");
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.json().path("components").has("redis")).isFalse();

        Http.Response accepted = webhook("coordinadora", event(tn + "-1", tn, "recogida", "2026-11-25T10:00:00-05:00"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(acceptedCarrierEvents(tn + "-1")).isEqualTo(1);
        // Buyers keep their tracking page: the lookup's rate limit falls back to this replica's memory.
        assertThat(lookup(tn).status()).isEqualTo(200);
        assertThat(http().get("/ready").status()).isEqualTo(200);
        assertThat(status(shipment)).as("nothing can be applied before the task reaches the queue").isEqualTo("CREATED");

        EmbeddedInfrastructure.redis().start();
        await().atMost(Duration.ofSeconds(60)).until(() -> "PICKED_UP".equals(status(shipment)));
        assertThat(events(shipment, tn + "-1")).isEqualTo(1);
        assertThat(http().get("/ready").status()).isEqualTo(200);
        // The lookup limit skipped Redis for a few seconds after it failed (never waiting out its timeout
        // on each request); it counts in Redis again once Redis answers.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            String ip = randomIp();
            lookup(tn, ip);
            return redis.hasKey("litper:tracking:lookup-rate:{" + ip + "}");
        });
    }
}
