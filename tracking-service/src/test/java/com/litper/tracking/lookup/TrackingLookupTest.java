package com.litper.tracking.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.Http;
import com.litper.tracking.TrackingTestSupport;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The public lookup: no key, no private data, 404 for unknown numbers, and a per-IP limit shared through Redis. */
class TrackingLookupTest extends TrackingTestSupport {

    /**
     * A test that stopped Redis (same application context) leaves the limiter skipping Redis for a
     * few seconds: these tests start once it counts in Redis again.
     */
    @org.junit.jupiter.api.BeforeEach
    void limiterCountsInRedis() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
            String ip = randomIp();
            lookup("CO0000000000", ip);
            return redis.hasKey(LookupRateLimiter.KEY_PREFIX + "{" + ip + "}");
        });
    }

    @Test
    void anyoneWithTheNumberSeesTheStatusAndTimelineButNothingPrivate() {
        String tn = newTrackingNumber("CO");
        UUID shipment = book("coordinadora", tn);
        Http.Response response = lookup(tn);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("trackingNumber").asString()).isEqualTo(tn);
        assertThat(response.json().path("status").asString()).isEqualTo("CREATED");
        assertThat(response.json().path("events").get(0).path("status").asString()).isEqualTo("CREATED");
        assertThat(response.json().path("events").get(0).path("occurredAt").asString()).isEqualTo("2026-11-25T13:00:00Z");
        assertThat(response.body()).doesNotContain(shipment.toString()).doesNotContain("+57").doesNotContain("Ana")
                .doesNotContain("store").doesNotContain("order");
    }

    @Test
    void anUnknownNumberIs404AndAMalformedOneIs400() {
        assertProblem(lookup("CO0000000000"), 404);
        assertProblem(lookup("CO%20DROP"), 400);
    }

    @Test
    void aClientOverTheLimitGets429WithRetryAfterAndOthersAreUnaffected() {
        String ip = randomIp();
        String tn = newTrackingNumber("CO");
        for (int i = 0; i < 60; i++) {
            assertThat(lookup(tn, ip).status()).isEqualTo(404);
        }
        Http.Response limited = lookup(tn, ip);
        assertProblem(limited, 429);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(lookup(tn, randomIp()).status()).isEqualTo(404);
        // The bucket lives in Redis with an expiry, so every replica sees it and it ends with its window.
        Long ttl = redis.getExpire(LookupRateLimiter.KEY_PREFIX + "{" + ip + "}");
        assertThat(ttl).isBetween(1L, 60L);
    }

    @Test
    void theClientAddressComesFromTheIngressNotFromTheCaller() {
        String tn = newTrackingNumber("CO");
        String ip = randomIp();
        assertThat(lookup(tn, ip).status()).isEqualTo(404);
        assertThat(redis.hasKey(LookupRateLimiter.KEY_PREFIX + "{" + ip + "}")).isTrue();
        // Without a proxy in front, the peer address counts.
        assertThat(http().get("/api/tracking/" + tn, Map.of()).status()).isEqualTo(404);
        assertThat(redis.hasKey(LookupRateLimiter.KEY_PREFIX + "{127.0.0.1}")).isTrue();
    }
}
