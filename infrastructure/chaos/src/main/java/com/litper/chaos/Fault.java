package com.litper.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One fault of the schedule and what became of it.
 *
 * @param kind what is done
 * @param target the service or carrier it is done to, or null
 * @param length how long a sustained fault lasts (a freeze, an outage, a burst)
 */
record Fault(Kind kind, String target, Duration length) {

    enum Kind {
        /** SIGKILL of a service's process; the suite starts it again, as Kubernetes would. */
        KILL_SERVICE(Measure.FROM_START),
        /** SIGSTOP of the Redis master, SIGCONT after the length: a stalled node; Sentinel fails over meanwhile. */
        FREEZE_REDIS(Measure.FROM_END),
        /** The Redis master killed; Sentinel promotes its replica; the killed one comes back empty as a replica. */
        KILL_REDIS_MASTER(Measure.FROM_START),
        /** The PostgreSQL replica stopped for the length, then started again; nothing should notice. */
        STOP_POSTGRES_REPLICA(Measure.FROM_START),
        /** The PostgreSQL primary stopped, down for the length, started again. */
        RESTART_POSTGRES_PRIMARY(Measure.FROM_END),
        /** Every call to the carriers answers 503 for the length. */
        CARRIER_503(Measure.FROM_END),
        /** Every call to the carriers takes 3 s longer for the length. */
        CARRIER_LATENCY(Measure.FROM_END),
        /** Every WhatsApp send is refused with 130429 (rate limit hit) for the length. */
        WHATSAPP_130429(Measure.FROM_END);

        final Measure measure;

        Kind(Measure measure) {
            this.measure = measure;
        }
    }

    /**
     * Where recovery is measured from: a fault Litper should ride through (a process or a server
     * lost, with a replacement on the way) from its start; an outage nothing could serve through (Redis or
     * the primary not answering, a carrier down) from its end.
     */
    enum Measure {
        FROM_START, FROM_END
    }

    String describe() {
        String what = kind.name().toLowerCase().replace('_', ' ');
        return what + (target == null ? "" : " " + target) + (length.isZero() ? "" : " " + length.toSeconds() + "s");
    }

    /**
     * The full schedule: every service killed in turn, Redis frozen and its master killed, the
     * PostgreSQL replica stopped and the primary restarted, carrier 503 bursts and latency, a
     * WhatsApp 130429 burst.
     */
    static List<Fault> fullSchedule() {
        List<Fault> faults = new ArrayList<>();
        faults.add(new Fault(Kind.KILL_SERVICE, "worker-service", Duration.ZERO));
        faults.add(new Fault(Kind.CARRIER_503, null, Duration.ofSeconds(20)));
        faults.add(new Fault(Kind.KILL_SERVICE, "tracking-service", Duration.ZERO));
        faults.add(new Fault(Kind.FREEZE_REDIS, null, Duration.ofSeconds(15)));
        faults.add(new Fault(Kind.KILL_SERVICE, "api-service", Duration.ZERO));
        faults.add(new Fault(Kind.STOP_POSTGRES_REPLICA, null, Duration.ofSeconds(30)));
        faults.add(new Fault(Kind.KILL_SERVICE, "chat-service", Duration.ZERO));
        faults.add(new Fault(Kind.WHATSAPP_130429, null, Duration.ofSeconds(20)));
        faults.add(new Fault(Kind.KILL_REDIS_MASTER, null, Duration.ofSeconds(20)));
        faults.add(new Fault(Kind.KILL_SERVICE, "agent-orchestrator", Duration.ZERO));
        faults.add(new Fault(Kind.CARRIER_LATENCY, null, Duration.ofSeconds(30)));
        faults.add(new Fault(Kind.RESTART_POSTGRES_PRIMARY, null, Duration.ofSeconds(5)));
        faults.add(new Fault(Kind.KILL_SERVICE, "analytics-service", Duration.ZERO));
        faults.add(new Fault(Kind.KILL_SERVICE, "worker-service", Duration.ZERO));
        return faults;
    }

    /** The short schedule of {@code ./mvnw verify}: the faults that lost work before, one of each kind of server. */
    static List<Fault> shortSchedule() {
        return List.of(
                new Fault(Kind.KILL_SERVICE, "worker-service", Duration.ZERO),
                new Fault(Kind.FREEZE_REDIS, null, Duration.ofSeconds(8)),
                new Fault(Kind.KILL_SERVICE, "tracking-service", Duration.ZERO),
                new Fault(Kind.RESTART_POSTGRES_PRIMARY, null, Duration.ofSeconds(3)));
    }

    /**
     * What happened when the fault ran.
     *
     * @param fault the fault
     * @param startedAt when it was applied
     * @param endedAt when it was over (the freeze lifted, the server back); equal to start for a kill
     * @param backAt for a killed service, when its replacement answered ready; else null
     * @param detail what the suite said, or why the fault could not be applied
     */
    record Applied(Fault fault, Instant startedAt, Instant endedAt, Instant backAt, String detail) {

        Instant measuredFrom() {
            return fault.kind().measure == Measure.FROM_START ? startedAt : endedAt;
        }
    }
}
