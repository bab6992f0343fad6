package com.litper.analytics.facts;

import com.litper.common.leader.LeaderElection;
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
 */
@Component
class FactsScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FactsScheduler.class);

    private final FactJobs jobs;
    private final LeaderElection leader;
    private final FactsProperties properties;
    private final TaskScheduler scheduler;
    private final ReentrantLock running = new ReentrantLock();
    private volatile ScheduledFuture<?> incremental;
    private volatile ScheduledFuture<?> nightly;

    FactsScheduler(FactJobs jobs, LeaderElection leader, FactsProperties properties, TaskScheduler scheduler) {
        this.jobs = jobs;
        this.leader = leader;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || incremental != null) {
            return;
        }
        incremental = scheduler.scheduleWithFixedDelay(() -> run(jobs::incremental),
                scheduler.getClock().instant().plus(properties.interval()), properties.interval());
        nightly = scheduler.schedule(() -> run(jobs::nightly), new CronTrigger(properties.nightlyCron(), FactBuilder.ZONE));
    }

    private void run(Supplier<FactJobs.Run> job) {
        running.lock();
        try {
            if (incremental == null) {
                return;
            }
            leader.runIfLeader(() -> {
                FactJobs.Run run = job.get();
                if (!run.skipped()) {
                    log.info("Analytics {} run: {} order(s), {} store-day(s)", run.job(), run.orders(), run.storeDays());
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
