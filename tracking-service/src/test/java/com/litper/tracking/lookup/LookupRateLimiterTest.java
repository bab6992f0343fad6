package com.litper.tracking.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** The limiter as two replicas see it: one bucket per client in Redis, and a bucket of their own while Redis is down. */
@ExtendWith(EmbeddedInfrastructure.class)
class LookupRateLimiterTest {

    private static final LookupProperties THREE_PER_TWO_SECONDS = new LookupProperties(3, Duration.ofSeconds(2));

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    @AfterEach
    void disconnect() {
        factories.forEach(LettuceConnectionFactory::destroy);
    }

    /** A replica's limiter with connections of its own to Redis on {@code port}. */
    private LookupRateLimiter replica(int port) {
        LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
        connections.afterPropertiesSet();
        connections.start();
        factories.add(connections);
        return new LookupRateLimiter(connections, THREE_PER_TWO_SECONDS);
    }

    private static String client() {
        return "203.0.113." + UUID.randomUUID().toString().substring(0, 4);
    }

    @Test
    void replicasShareOneBucketPerClient() {
        int redisPort = EmbeddedInfrastructure.redis().port();
        LookupRateLimiter a = replica(redisPort);
        LookupRateLimiter b = replica(redisPort);
        String client = client();

        assertThat(a.acquire(client)).isEmpty();
        assertThat(b.acquire(client)).isEmpty();
        assertThat(a.acquire(client)).isEmpty();

        // The fourth lookup is refused wherever it lands: the replicas counted into one bucket.
        OptionalLong retryAfter = b.acquire(client);
        assertThat(retryAfter).isPresent();
        assertThat(retryAfter.getAsLong()).isBetween(1L, 2L);
        assertThat(a.acquire(client)).isPresent();
        assertThat(a.acquire(client())).as("another client has a bucket of its own").isEmpty();
        // The window ends for both replicas at once.
        await().atMost(Duration.ofSeconds(5)).until(() -> b.acquire(client).isEmpty());
    }

    @Test
    void withoutRedisEachReplicaLimitsOnItsOwn() {
        LookupRateLimiter alone = replica(FreePorts.next());
        String client = client();

        // Lookups still answer while Redis is down, three per window from this replica.
        assertThat(alone.acquire(client)).isEmpty();
        assertThat(alone.acquire(client)).isEmpty();
        assertThat(alone.acquire(client)).isEmpty();
        assertThat(alone.acquire(client)).isPresent();
        assertThat(alone.acquire(client())).isEmpty();
    }
}
