package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.embedded.FreePorts;
import com.litper.embedded.Slow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;

/**
 * Enqueues that matter wait for a replica (WAIT 1) within a bound: acknowledged by a healthy replica
 * (a master with its own replica, and a Sentinel-managed one), also for a script the master did not
 * know, and counted, not failed, when the replica is frozen.
 */
@Slow
class ReplicationWaitOnReplicaTest {

    private static final Duration WAIT = Duration.ofMillis(150);

    private static RedisServer master;
    private static RedisServer replica;
    private static int masterPort;
    private static int replicaPort;

    @BeforeAll
    static void startMasterAndReplica() throws IOException {
        masterPort = FreePorts.next();
        replicaPort = FreePorts.next();
        master = RedisServer.newRedisServer().port(masterPort).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                .onShutdownForceStop(true).build();
        master.start();
        replica = RedisServer.newRedisServer().port(replicaPort).bind("127.0.0.1").setting("save \"\"").setting("appendonly no")
                .slaveOf("127.0.0.1", masterPort).onShutdownForceStop(true).build();
        replica.start();
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + masterPort);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> connection.sync().info("replication").contains("state=online"));
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        replica.stop();
        master.stop();
    }

    static TaskQueue queueOn(String url, Duration wait) {
        return new TaskQueue(RedisConnector.create(url), TaskRouting.single("t-" + UUID.randomUUID().toString().substring(0, 8)),
                Clock.systemUTC(), TaskQueue.DEFAULT_DEDUP_WINDOW, wait);
    }

    static List<TaskRequest> oneTask() {
        return List.of(TaskRequest.of("alert", "{\"message\":\"carrier down\"}", TaskPriority.CRITICAL));
    }

    @Test
    void aReplicaAcknowledgesTheEnqueue() {
        try (TaskQueue queue = queueOn("redis://127.0.0.1:" + masterPort, WAIT)) {
            TaskQueue.Enqueued enqueued = queue.enqueueAllReplicated(oneTask());
            assertThat(enqueued.replication()).isEqualTo(Replication.ACKNOWLEDGED);
            assertThat(queue.depth(queue.routing().queueFor("alert"), TaskPriority.CRITICAL)).isEqualTo(1);
            assertThat(onReplica(queue)).as("the task is on the replica when the enqueue returns").isEqualTo(1);
            assertThat(queue.unconfirmedReplications()).isZero();
        }
    }

    @Test
    void aScriptTheMasterDidNotKnowIsCoveredByTheWaitToo() {
        try (TaskQueue queue = queueOn("redis://127.0.0.1:" + masterPort, WAIT)) {
            // As on a replica just promoted: the enqueue goes out as EVALSHA, fails, and again as EVAL.
            RedisClient client = RedisClient.create("redis://127.0.0.1:" + masterPort);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().scriptFlush();
            } finally {
                client.shutdown();
            }
            assertThat(queue.enqueueAllReplicated(oneTask()).replication()).isEqualTo(Replication.ACKNOWLEDGED);
            assertThat(onReplica(queue)).isEqualTo(1);
        }
    }

    /** CRITICAL tasks of the queue's named queue as the replica has them, read from the replica itself. */
    private static long onReplica(TaskQueue queue) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + replicaPort);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().llen(new QueueKeys(queue.routing().queueFor("alert")).ready(TaskPriority.CRITICAL));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theReplicaOfASentinelManagedMasterAcknowledges() {
        try (TaskQueue queue = queueOn(SharedSentinel.url(), WAIT)) {
            assertThat(queue.enqueueAllReplicated(oneTask()).replication()).isEqualTo(Replication.ACKNOWLEDGED);
        }
    }

    @Test
    void aFrozenReplicaCostsOneBoundedWaitAndIsCounted() {
        RedisClient replicaClient = RedisClient.create("redis://127.0.0.1:" + replicaPort);
        try (TaskQueue queue = queueOn("redis://127.0.0.1:" + masterPort, WAIT);
                StatefulRedisConnection<String, String> toReplica = replicaClient.connect()) {
            assertThat(queue.enqueueAllReplicated(oneTask()).replication()).isEqualTo(Replication.ACKNOWLEDGED);
            // The replica stops answering for 3 s, as a frozen process would.
            toReplica.async().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add(3));
            sleepQuietly(Duration.ofMillis(100));

            long started = System.nanoTime();
            TaskQueue.Enqueued first = queue.enqueueAllReplicated(oneTask());
            Duration firstTook = Duration.ofNanos(System.nanoTime() - started);
            started = System.nanoTime();
            // A CRITICAL enqueue right after does not wait out the timeout again.
            String id = queue.enqueue(TaskRequest.of("alert", "{}", TaskPriority.CRITICAL));
            Duration secondTook = Duration.ofNanos(System.nanoTime() - started);

            assertThat(first.replication()).isEqualTo(Replication.UNCONFIRMED);
            assertThat(first.ids()).hasSize(1);
            assertThat(id).isNotNull();
            assertThat(firstTook).isGreaterThanOrEqualTo(WAIT).isLessThan(WAIT.plusMillis(500));
            assertThat(secondTook).isLessThan(WAIT);
            assertThat(queue.unconfirmedReplications()).isEqualTo(2);
            assertThat(queue.depth(queue.routing().queueFor("alert"), TaskPriority.CRITICAL)).isEqualTo(3);

            // Once the replica answers again, enqueues are acknowledged again.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> queue.enqueueAllReplicated(oneTask()).replication() == Replication.ACKNOWLEDGED);
        } finally {
            replicaClient.shutdown();
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
