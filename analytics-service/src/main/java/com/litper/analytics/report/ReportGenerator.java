package com.litper.analytics.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds a requested report: reads what to build from its {@code report_file} row, writes the file
 * to a temporary file (the report kinds stream, so memory stays flat however many rows), and stores
 * it in the row, READY, streaming it into the statement. Only a REQUESTED report is built or failed,
 * so running twice for one report changes nothing the second time.
 */
@Component
class ReportGenerator {

    private static final Logger log = LoggerFactory.getLogger(ReportGenerator.class);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ReportKinds kinds;
    private final Clock clock;

    ReportGenerator(JdbcClient jdbc, DataSource dataSource, ReportKinds kinds, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        this.kinds = kinds;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    private record Requested(UUID id, UUID storeId, String kind, String format, LocalDate from, LocalDate to, String status) {
    }

    /** Builds the report if it is still REQUESTED; returns whether it did. */
    boolean generate(UUID reportId) throws IOException {
        Optional<Requested> found = jdbc.sql("""
                SELECT id, store_id, kind, format, period_start, period_end, status FROM analytics.report_file WHERE id = :id""")
                .param("id", reportId)
                .query((rs, n) -> new Requested(rs.getObject("id", UUID.class), rs.getObject("store_id", UUID.class), rs.getString("kind"),
                        rs.getString("format"), rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class),
                        rs.getString("status")))
                .optional();
        if (found.isEmpty()) {
            log.info("Report {} no longer exists (deleted after its retention); nothing to build", reportId);
            return false;
        }
        Requested report = found.get();
        if (!"REQUESTED".equals(report.status())) {
            log.info("Report {} is already {}; nothing to build", reportId, report.status());
            return false;
        }
        Optional<ReportKind> kind = kinds.named(report.kind());
        ReportFormat format = parseFormat(report.format());
        if (kind.isEmpty() || format == null || !kind.get().formats().contains(format)) {
            // Written by a release that knows a kind or format this one does not: say so instead of retrying.
            fail(reportId, "Este tipo de informe (" + report.kind() + ", " + report.format() + ") no se puede generar en esta versión.");
            return false;
        }
        ReportSpec spec = new ReportSpec(report.id(), report.storeId(), kind.get().name(), format, report.from(), report.to());
        Path file = Files.createTempFile("litper-report-", "." + format.extension());
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
                kind.get().write(spec, out);
            }
            long size = Files.size(file);
            int updated;
            try (InputStream in = Files.newInputStream(file)) {
                updated = template.update("""
                        UPDATE analytics.report_file SET status = 'READY', content = ?, content_type = ?, ready_at = ?
                        WHERE id = ? AND status = 'REQUESTED'""", ps -> {
                    ps.setBinaryStream(1, in, size);
                    ps.setString(2, format.contentType());
                    ps.setTimestamp(3, Timestamp.from(clock.instant()));
                    ps.setObject(4, reportId);
                });
            }
            log.info("Report {} ({} {}, store {}, {} to {}) is ready: {} bytes", reportId, spec.kind(), format, spec.storeId(),
                    spec.from(), spec.to(), size);
            return updated == 1;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Marks a still REQUESTED report FAILED with a reason the store can read. */
    void fail(UUID reportId, String reason) {
        int updated = jdbc.sql("""
                UPDATE analytics.report_file SET status = 'FAILED', failure_reason = :reason
                WHERE id = :id AND status = 'REQUESTED'""")
                .param("id", reportId).param("reason", reason).update();
        if (updated == 1) {
            log.warn("Report {} failed: {}", reportId, reason);
        }
    }

    private static ReportFormat parseFormat(String format) {
        try {
            return format == null ? null : ReportFormat.valueOf(format);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
