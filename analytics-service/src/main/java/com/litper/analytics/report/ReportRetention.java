package com.litper.analytics.report;

import com.litper.common.leader.LeaderElection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code litper.reports.retention-interval}, on the leader replica, deletes reports requested
 * longer than {@code litper.reports.retention} ago (their files with them) and the weekly keys as
 * old, which no run of the weekly job looks at any more.
 */
@Component
class ReportRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReportRetention.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final LeaderElection leader;
    private final TaskScheduler scheduler;
    private final ReportProperties properties;
    private final Clock clock;
    private volatile ScheduledFuture<?> schedule;

    ReportRetention(JdbcClient jdbc, PlatformTransactionManager transactionManager, LeaderElection leader, TaskScheduler scheduler,
            ReportProperties properties, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.leader = leader;
        this.scheduler = scheduler;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public synchronized void start() {
        if (schedule == null) {
            schedule = scheduler.scheduleWithFixedDelay(this::run, scheduler.getClock().instant().plus(properties.retentionInterval()),
                    properties.retentionInterval());
        }
    }

    @Override
    public synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }

    private void run() {
        try {
            leader.runIfLeader(this::deleteExpired);
        } catch (RuntimeException e) {
            log.warn("Expired reports not deleted this time; trying again at the next interval", e);
        }
    }

    /** Deletes what is older than the retention; returns how many reports. */
    int deleteExpired() {
        Timestamp cutoff = Timestamp.from(Instant.now(clock).minus(properties.retention()));
        Integer deleted = transactions.execute(tx -> {
            int reports = jdbc.sql("DELETE FROM analytics.report_file WHERE requested_at < :cutoff").param("cutoff", cutoff).update();
            jdbc.sql("DELETE FROM analytics.weekly_summary WHERE created_at < :cutoff").param("cutoff", cutoff).update();
            return reports;
        });
        if (deleted != null && deleted > 0) {
            log.info("Deleted {} report(s) requested before {}", deleted, cutoff.toInstant());
        }
        return deleted == null ? 0 : deleted;
    }
}
