package com.litper.analytics.report;

import com.litper.analytics.LongTaskGate;
import com.litper.common.contracts.GenerateReport;
import com.litper.common.queue.DeferTask;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs {@code generate_report} (LOW, queue {@code analytics}). Safe to run twice: only a REQUESTED
 * report is built ({@link ReportGenerator}). A failure is retried like any task; the last attempt
 * marks the report FAILED before the task goes to the dead letters, so the store is not left
 * waiting on a report that will never come.
 */
@Component
class GenerateReportHandler implements ContractHandler<GenerateReport> {

    private final ReportGenerator generator;
    private final LongTaskGate gate;
    private final int maxAttempts;

    GenerateReportHandler(ReportGenerator generator, LongTaskGate gate,
            @Value("${litper.queue.worker.retry-policies.generate_report.max-attempts:${litper.queue.worker.max-attempts:3}}") int maxAttempts) {
        this.generator = generator;
        this.gate = gate;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public Class<GenerateReport> contract() {
        return GenerateReport.class;
    }

    @Override
    public void handle(GenerateReport payload, Task task) throws Exception {
        try {
            gate.run("report " + payload.reportId(), () -> {
                generator.generate(payload.reportId());
                return null;
            });
        } catch (DeferTask e) {
            throw e;
        } catch (Exception e) {
            if (task.attempt() >= maxAttempts) {
                generator.fail(payload.reportId(), "No se pudo generar el informe después de " + task.attempt()
                        + " intentos; vuelve a solicitarlo o escríbenos si se repite.");
            }
            throw e;
        }
    }
}
