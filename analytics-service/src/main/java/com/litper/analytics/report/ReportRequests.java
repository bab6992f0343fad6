package com.litper.analytics.report;

import com.litper.common.contracts.GenerateReport;
import com.litper.common.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records report requests and reads them back. A request and its {@code generate_report} task
 * commit together through the outbox, so an accepted request is built even if Redis was down at
 * that moment.
 */
@Component
class ReportRequests {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Clock clock;

    ReportRequests(JdbcClient jdbc, Outbox outbox, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** A report as its store sees it. */
    record Report(UUID id, UUID storeId, String kind, String format, LocalDate from, LocalDate to, String status, String failureReason,
            String contentType, Instant requestedAt, Instant readyAt) {
    }

    /** Records a request and its task in the caller's transaction (one is opened if there is none); returns the report's id. */
    @Transactional
    public UUID request(UUID storeId, ReportKind kind, ReportFormat format, LocalDate from, LocalDate to) {
        UUID id = UUID.randomUUID();
        insert(id, storeId, kind, format, from, to);
        return id;
    }

    /** {@link #request} with a given id, inside the caller's transaction (weekly summaries). */
    void insert(UUID id, UUID storeId, ReportKind kind, ReportFormat format, LocalDate from, LocalDate to) {
        jdbc.sql("""
                INSERT INTO analytics.report_file (id, store_id, kind, format, period_start, period_end, status, requested_at)
                VALUES (:id, :store, :kind, :format, :from, :to, 'REQUESTED', :now)""")
                .param("id", id).param("store", storeId).param("kind", kind.name()).param("format", format.name())
                .param("from", from).param("to", to).param("now", Timestamp.from(clock.instant()))
                .update();
        outbox.add(new GenerateReport(id, storeId));
    }

    /** The report, if it exists and belongs to {@code storeId} (any store when null: operators). */
    @Transactional(readOnly = true)
    public Optional<Report> find(UUID id, UUID storeId) {
        return jdbc.sql("""
                SELECT id, store_id, kind, format, period_start, period_end, status, failure_reason, content_type, requested_at, ready_at
                FROM analytics.report_file
                WHERE id = :id AND (CAST(:store AS uuid) IS NULL OR store_id = :store)""")
                .param("id", id).param("store", storeId)
                .query((rs, n) -> new Report(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class), rs.getString("kind"),
                        rs.getString("format"), rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class),
                        rs.getString("status"), rs.getString("failure_reason"), rs.getString("content_type"),
                        instant(rs.getObject("requested_at", OffsetDateTime.class)), instant(rs.getObject("ready_at", OffsetDateTime.class))))
                .optional();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
