package com.litper.common.queue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskListener.LeaseLoss;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.QueueUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lease meters: lost leases by cause, failed renewals, and the in-flight gauge of an attempt stopped for its lease. */
class MicrometerTaskListenerTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerTaskListener listener = new MicrometerTaskListener(registry);
    private final Task task = new Task("mwwbfpr3jv0mvuzj", "process_order", TaskPriority.NORMAL, 1, Instant.now(), "req-1", "{}");

    @Test
    void aLostLeaseIsCountedByCauseAndItsAttemptLeavesTheInFlightGauge() {
        listener.started("worker", task, Duration.ZERO);
        listener.leaseLost("worker", task, LeaseLoss.UNRENEWED, true);
        // A lease lost before its attempt started was never in flight.
        listener.leaseLost("worker", task, LeaseLoss.TAKEN, false);

        assertThat(registry.get("litper.queue.lease.lost").tags("queue", "worker", "type", "process_order", "cause", "unrenewed")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("litper.queue.lease.lost").tags("cause", "taken").counter().count()).isEqualTo(1);
        assertThat(registry.get("litper.queue.in.flight").tags("queue", "worker").gauge().value()).isZero();
    }

    @Test
    void failedRenewalsAreCountedPerQueue() {
        listener.renewalFailed("worker", 3, new QueueUnavailableException("Redis did not answer", null));
        listener.renewalFailed("worker", 3, new QueueUnavailableException("Redis did not answer", null));

        assertThat(registry.get("litper.queue.lease.renewals.failed").tags("queue", "worker").counter().count()).isEqualTo(2);
    }
}
