package com.litper.analytics.facts;

import com.litper.common.leader.LeaderElection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Runs {@link FactJobs#incremental()} every {@code interval} and {@link FactJobs#nightly()} on its
 * cron (America/Bogota), on the leader replica only (common's leader election); the jobs' advisory
 * lock also keeps a replica that believes it still leads for a moment from interleaving with the new
 * leader. Stops in the first shutdown phase, letting a run in progress finish.
 *
 * <p>Metrics: {@code litper.analytics.facts.runs} (a timer per job and outcome: ok, skipped,
 * failed) and {@code litper.analytics.facts.watermark.age} (seconds from the incremental run's
 * watermark to now, as this replica last saw it; NaN before it saw one): on the leader it grows past
 * the interval when the runs fail or fall behind.
 */
@Component
class FactsScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FactsScheduler.class);

    private final FactJobs jobs;
    private final LeaderElection leader;
    private final FactsProperties properties;
    private final TaskScheduler scheduler;
    private final MeterRegistry meters;
    private volatile Instant watermark;
    private final ReentrantLock running = new ReentrantLock();
    private volatile ScheduledFuture<?> incremental;
    private volatile ScheduledFuture<?> nightly;

    FactsScheduler(FactJobs jobs, LeaderElection leader, FactsProperties properties, TaskScheduler scheduler, MeterRegistry meters) {
        this.jobs = jobs;
        this.leader = leader;
        this.properties = properties;
        this.scheduler = scheduler;
        this.meters = meters;
        Gauge.builder("litper.analytics.facts.watermark.age", this, s -> s.watermark == null ? Double.NaN
                        : (scheduler.getClock().millis() - s.watermark.toEpochMilli()) / 1000.0)
                .baseUnit("seconds").description("Age of the incremental fact run's watermark as this replica last saw it").register(meters);
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || incremental != null) {
            return;
        }
        incremental = scheduler.scheduleWithFixedDelay(() -> run("incremental", jobs::incremental),
                scheduler.getClock().instant().plus(properties.interval()), properties.interval());
        nightly = scheduler.schedule(() -> run("nightly", jobs::nightly), new CronTrigger(properties.nightlyCron(), FactBuilder.ZONE));
    }

    private void run(String name, Supplier<FactJobs.Run> job) {
        running.lock();
        try {
            if (incremental == null) {
                return;
            }
            leader.runIfLeader(() -> {
                Timer.Sample sample = Timer.start(meters);
                String outcome = "failed";
                try {
                    FactJobs.Run run = job.get();
                    outcome = run.skipped() ? "skipped" : "ok";
                    if (!run.skipped()) {
                        log.info("Analytics {} run: {} order(s), {} store-day(s)", run.job(), run.orders(), run.storeDays());
                    }
                    watermark = jobs.watermark();
                } finally {
                    sample.stop(Timer.builder("litper.analytics.facts.runs").description("Runs of the analytics fact jobs")
                            .tag("job", name).tag("outcome", outcome).register(meters));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Analytics facts run failed; the next run covers its events again", e);
        } finally {
            running.unlock();
        }
    }

    @Override
    public synchronized void stop() {
        if (incremental != null) {
            incremental.cancel(false);
            nightly.cancel(false);
            incremental = null;
            nightly = null;
            running.lock();
            running.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return incremental != null;
    }
}
