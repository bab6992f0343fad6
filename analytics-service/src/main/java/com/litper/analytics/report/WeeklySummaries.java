package com.litper.analytics.report;

import com.litper.common.leader.LeaderElection;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every Monday morning in Bogotá ({@code litper.reports.weekly-cron}), on the leader replica only,
 * requests a SUMMARY (HTML) of the previous week, Monday to Sunday, for every store with shipments
 * in it. Once per store and week however often it runs, on however many replicas: the
 * {@code weekly_summary} row (primary key store × week) is inserted first, and the report and its
 * task only in the same transaction when that insert did.
 */
@Component
class WeeklySummaries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WeeklySummaries.class);

    private final ReportData data;
    private final ReportRequests requests;
    private final SummaryReport summary;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final LeaderElection leader;
    private final TaskScheduler scheduler;
    private final ReportProperties properties;
    private final Clock clock;
    private volatile ScheduledFuture<?> schedule;

    WeeklySummaries(ReportData data, ReportRequests requests, SummaryReport summary, JdbcClient jdbc,
            PlatformTransactionManager transactionManager, LeaderElection leader, TaskScheduler scheduler, ReportProperties properties,
            ObjectProvider<Clock> clock) {
        this.data = data;
        this.requests = requests;
        this.summary = summary;
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
            schedule = scheduler.schedule(this::run, new CronTrigger(properties.weeklyCron(), ReportTime.BOGOTA));
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
            leader.runIfLeader(() -> requestWeekBefore(LocalDate.now(clock.withZone(ReportTime.BOGOTA))));
        } catch (RuntimeException e) {
            // The next run (or a manual one) requests what is missing: the key makes repeats harmless.
            log.error("Weekly summaries not requested this time", e);
        }
    }

    /** Requests the summaries of the week (Monday to Sunday) before the one {@code today} is in; returns how many were new. */
    int requestWeekBefore(LocalDate today) {
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        return requestWeek(monday);
    }

    /** Requests the summary of the week starting {@code monday} for each store with shipments in it that has none yet. */
    int requestWeek(LocalDate monday) {
        LocalDate sunday = monday.plusDays(6);
        List<UUID> stores = data.storesWithShipments(monday, sunday);
        int requested = 0;
        for (UUID store : stores) {
            Boolean created = transactions.execute(tx -> {
                UUID reportId = UUID.randomUUID();
                int inserted = jdbc.sql("""
                        INSERT INTO analytics.weekly_summary (store_id, week_start, report_id) VALUES (:store, :monday, :report)
                        ON CONFLICT (store_id, week_start) DO NOTHING""")
                        .param("store", store).param("monday", monday).param("report", reportId).update();
                if (inserted == 0) {
                    return false;
                }
                requests.insert(reportId, store, summary, ReportFormat.HTML, monday, sunday);
                return true;
            });
            if (Boolean.TRUE.equals(created)) {
                requested++;
            }
        }
        log.info("Weekly summaries of the week of {}: {} requested, {} stores with shipments", monday, requested, stores.size());
        return requested;
    }
}
