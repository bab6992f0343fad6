package com.litper.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.embedded.EndToEnd;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run (docs/reliability.md): 90 s of orders while worker-service and
 * tracking-service are killed, the Redis master is frozen long enough for Sentinel to fail over,
 * and the PostgreSQL primary restarts. Every accepted order must be booked once and reach its end.
 */
@EndToEnd
class ChaosRunTest {

    @Test
    void noAcceptedOrderIsLostStuckOrBookedTwiceThroughTheShortSchedule() throws Exception {
        Findings findings = ChaosRun.run(ChaosRun.Options.quick(Path.of("../..").toAbsolutePath().normalize()), System.out);

        assertThat(findings.accepted()).as(findings.line()).isGreaterThan(45);
        assertThat(findings.delivered()).as(findings.line()).isGreaterThan(0);
        assertThat(findings.problems()).as(findings.line()).filteredOn(p -> !p.startsWith("duplicate message")).isEmpty();
        assertThat(findings.lost()).as(findings.line()).isZero();
        assertThat(findings.stuck()).as(findings.line()).isZero();
        assertThat(findings.doubleBooked()).as(findings.line()).isZero();
        assertThat(findings.recoveries()).hasSize(Fault.shortSchedule().size());
        assertThat(findings.maxRecoverySeconds()).as(findings.recoveries().toString()).isLessThanOrEqualTo(Findings.RECOVERY_TARGET_SECONDS);
    }
}
