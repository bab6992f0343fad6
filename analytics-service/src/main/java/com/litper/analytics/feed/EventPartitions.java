package com.litper.analytics.feed;

import com.litper.common.leader.LeaderElection;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps a partition of {@code analytics.event} for this month and the next
 * {@code litper.analytics.feed.partitions-ahead} months (migration V2 created 2025 to 2027). Runs on
 * the leader replica only ({@link LeaderElection}), every {@code partition-check}; each month is
 * created in a transaction of its own under an advisory lock, so two replicas that both believe they
 * lead for a moment create it once.
 *
 * <p>Rows already in the default partition for a month being created (a carrier's clock far ahead)
 * are moved into the new partition in the same transaction: PostgreSQL refuses to create a partition
 * whose range the default partition holds rows of.
 */
@Component
class EventPartitions {

    private static final Logger log = LoggerFactory.getLogger(EventPartitions.class);
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyy_MM");
    /** Months are counted in Bogotá, as days are everywhere in analytics. */
    private static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final LeaderElection leader;
    private final FeedProperties properties;
    private final Clock clock;

    EventPartitions(JdbcClient jdbc, PlatformTransactionManager transactionManager, LeaderElection leader, FeedProperties properties,
            ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.leader = leader;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Scheduled(initialDelayString = "PT30S", fixedDelayString = "${litper.analytics.feed.partition-check:6h}")
    void scheduled() {
        try {
            leader.runIfLeader(() -> createAhead(LocalDate.now(clock.withZone(BOGOTA))));
        } catch (RuntimeException e) {
            log.warn("Partitions of analytics.event not checked this time; trying again at the next check", e);
        }
    }

    /** Creates the missing partitions from the month of {@code today} to {@code partitions-ahead} months after it; returns those created. */
    List<YearMonth> createAhead(LocalDate today) {
        List<YearMonth> created = new ArrayList<>();
        YearMonth first = YearMonth.from(today);
        for (int i = 0; i <= properties.partitionsAhead(); i++) {
            YearMonth month = first.plusMonths(i);
            if (Boolean.TRUE.equals(transactions.execute(tx -> create(month)))) {
                created.add(month);
            }
        }
        return created;
    }

    private boolean create(YearMonth month) {
        String table = "event_" + month.format(SUFFIX);
        jdbc.sql("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended('analytics.event partitions', 0))) locked")
                .query(Integer.class).single();
        boolean exists = jdbc.sql("SELECT to_regclass(:table) IS NOT NULL").param("table", "analytics." + table)
                .query(Boolean.class).single();
        if (exists) {
            return false;
        }
        // Bounds as migration V2 wrote them: dates, read in the session's time zone. Built from a
        // YearMonth, never from input, so they are safe to put in the DDL.
        String from = "'" + month.atDay(1) + "'";
        String to = "'" + month.plusMonths(1).atDay(1) + "'";
        // Creating a partition locks the table for a moment: rather fail this check than stall the feed.
        jdbc.sql("SET LOCAL lock_timeout = '5s'").update();
        jdbc.sql("CREATE TEMP TABLE event_moving (LIKE analytics.event) ON COMMIT DROP").update();
        jdbc.sql("WITH moved AS (DELETE FROM analytics.event_default WHERE occurred_at >= " + from + " AND occurred_at < " + to
                + " RETURNING *) INSERT INTO event_moving SELECT * FROM moved").update();
        jdbc.sql("CREATE TABLE analytics." + table + " PARTITION OF analytics.event FOR VALUES FROM (" + from + ") TO (" + to + ")")
                .update();
        int moved = jdbc.sql("INSERT INTO analytics.event OVERRIDING SYSTEM VALUE SELECT * FROM event_moving").update();
        log.info("Partition analytics.{} created ({} rows moved into it from the default partition)", table, moved);
        return true;
    }
}
