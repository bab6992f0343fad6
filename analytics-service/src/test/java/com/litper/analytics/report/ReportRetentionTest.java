package com.litper.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Reports older than the retention (30 days by default) are deleted; younger ones stay. */
class ReportRetentionTest extends ReportTestSupport {

    @Autowired
    ReportRetention retention;

    @Test
    void deletesReportsRequestedBeforeTheRetention() {
        UUID store = UUID.randomUUID();
        UUID old = insertReport(store, Instant.now().minus(Duration.ofDays(31)));
        UUID recent = insertReport(store, Instant.now().minus(Duration.ofDays(29)));
        jdbc.sql("INSERT INTO analytics.weekly_summary (store_id, week_start, report_id, created_at) VALUES (:store, :monday, :report, :at)")
                .param("store", store).param("monday", LocalDate.parse("2026-01-05")).param("report", old)
                .param("at", Timestamp.from(Instant.now().minus(Duration.ofDays(31)))).update();

        assertThat(retention.deleteExpired()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("SELECT id FROM analytics.report_file WHERE store_id = :store").param("store", store).query(UUID.class).list())
                .containsExactly(recent);
        assertThat(jdbc.sql("SELECT count(*) FROM analytics.weekly_summary WHERE store_id = :store").param("store", store)
                .query(Long.class).single()).isZero();
    }

    private UUID insertReport(UUID store, Instant requestedAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO analytics.report_file (id, store_id, kind, format, period_start, period_end, status, content_type, content,
                    requested_at, ready_at)
                VALUES (:id, :store, 'KPIS', 'CSV', DATE '2026-01-01', DATE '2026-01-31', 'READY', 'text/csv', :content, :at, :at)""")
                .param("id", id).param("store", store).param("content", "x".getBytes()).param("at", Timestamp.from(requestedAt)).update();
        return id;
    }
}
