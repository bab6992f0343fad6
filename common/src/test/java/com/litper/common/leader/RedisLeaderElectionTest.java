package com.litper.common.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.LocalRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The Redis lock against a real redis-server: one leader, renewal, release, and no stealing. */
@ExtendWith(EmbeddedInfrastructure.class)
class RedisLeaderElectionTest {

    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private final List<LeaderElection> started = new CopyOnWriteArrayList<>();
    // What Boot's task scheduler is in a service: one pool shared by every candidate of the test.
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private String name;

    @BeforeEach
    void connect() {
        LocalRedis server = EmbeddedInfrastructure.redis();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", server.port()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        // A unique election per test: tests share one Redis.
        name = "test-" + UUID.randomUUID();
    }

    @AfterEach
    void disconnect() {
        started.forEach(LeaderElection::stop);
        redis.delete(RedisLeaderElection.key(name));
        connections.destroy();
        scheduler.shutdownNow();
    }

    @Test
    void exactlyOneOfTwoCandidatesLeadsAndRenewsPastTheLeaseDuration() {
        RedisLeaderElection a = candidate("pod-a");
        RedisLeaderElection b = candidate("pod-b");

        await().atMost(Duration.ofSeconds(5)).until(() -> a.isLeader() || b.isLeader());
        // Longer than the 1 s lease: only renewal keeps the same leader.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> a.isLeader() ^ b.isLeader());

        RedisLeaderElection leader = a.isLeader() ? a : b;
        assertThat(redis.opsForValue().get(RedisLeaderElection.key(name))).startsWith(leader.identity() + ":");
        assertThat(redis.getExpire(RedisLeaderElection.key(name))).isPositive();
    }

    @Test
    void stoppingTheLeaderReleasesTheLockAndTheOtherCandidateTakesOver() {
        RedisLeaderElection a = candidate("pod-a");
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        RedisLeaderElection b = candidate("pod-b");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !b.isLeader());

        a.stop();

        assertThat(a.isLeader()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
        assertThat(redis.opsForValue().get(RedisLeaderElection.key(name))).startsWith("pod-b:");
    }

    @Test
    void aLeaderWhoseLockWasTakenOverStepsDownAndNeverDeletesTheNewLock() {
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        RedisLeaderElection a = candidate("pod-a");
        a.addListener(changes::add);
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);

        // As after a long GC pause: the lock expired and another process took it.
        redis.opsForValue().set(RedisLeaderElection.key(name), "pod-z:other-token");

        await().atMost(Duration.ofSeconds(5)).until(() -> !a.isLeader());
        assertThat(changes).containsExactly(true, false);
        a.stop();
        assertThat(redis.opsForValue().get(RedisLeaderElection.key(name))).isEqualTo("pod-z:other-token");
    }

    @Test
    void runIfLeaderRunsOnlyOnTheLeader() {
        RedisLeaderElection a = candidate("pod-a");
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        RedisLeaderElection b = candidate("pod-b");
        List<String> ran = new CopyOnWriteArrayList<>();

        a.runIfLeader(() -> ran.add("a"));
        b.runIfLeader(() -> ran.add("b"));

        assertThat(ran).containsExactly("a");
    }

    private RedisLeaderElection candidate(String identity) {
        RedisLeaderElection election = new RedisLeaderElection(redis, name, identity,
                Duration.ofSeconds(1), Duration.ofMillis(700), Duration.ofMillis(100), Clock.systemUTC(), scheduler);
        election.start();
        started.add(election);
        return election;
    }
}
