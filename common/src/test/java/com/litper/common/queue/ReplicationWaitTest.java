package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Without a replica an enqueue that matters never waits ({@link ReplicationWaitOnReplicaTest} has the replicas). */
@ExtendWith(EmbeddedInfrastructure.class)
class ReplicationWaitTest {

    @Test
    void withoutAReplicaNothingWaits() {
        try (TaskQueue queue = ReplicationWaitOnReplicaTest.queueOn(EmbeddedInfrastructure.redis().url(), Duration.ofSeconds(2))) {
            long started = System.nanoTime();
            TaskQueue.Enqueued enqueued = queue.enqueueAllReplicated(ReplicationWaitOnReplicaTest.oneTask());
            // A plain CRITICAL enqueue takes the same path.
            queue.enqueue(TaskRequest.of("alert", "{}", TaskPriority.CRITICAL));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            assertThat(enqueued.replication()).isEqualTo(Replication.NO_REPLICA);
            assertThat(queue.depth(queue.routing().queueFor("alert"), TaskPriority.CRITICAL)).isEqualTo(2);
            assertThat(queue.unconfirmedReplications()).isZero();
        }
    }

    @Test
    void waitingTurnedOffDoesNotWait() {
        try (TaskQueue queue = ReplicationWaitOnReplicaTest.queueOn(EmbeddedInfrastructure.redis().url(), Duration.ZERO)) {
            assertThat(queue.enqueueAllReplicated(ReplicationWaitOnReplicaTest.oneTask()).replication()).isEqualTo(Replication.NOT_WAITED);
        }
    }
}
