package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/**
 * Build one report file a store asked for, or the weekly summary. Produced by analytics-service
 * (through its outbox, in the transaction that records the request: {@code ReportRequests},
 * {@code WeeklySummaries}); consumed by analytics-service ({@code GenerateReportHandler}), which
 * reads what to build (kind, format, period) from the request it recorded and writes the file into
 * it. A report already READY or FAILED is left alone, so a repeated task changes nothing.
 *
 * @param reportId the recorded request ({@code analytics.report_file})
 * @param storeId the store whose data the report shows
 */
@TaskContract(name = "generate_report", queue = "analytics", priority = TaskPriority.LOW)
public record GenerateReport(@NotNull UUID reportId, @NotNull UUID storeId) implements TaskPayload {

    /** One task per report: a producer that sends it again enqueues nothing. */
    @Override
    public String dedupKey() {
        return reportId == null ? null : "report:" + reportId;
    }
}
