package com.litper.worker.alert;

import com.litper.common.queue.Task;
import com.litper.common.contracts.Alert;
import com.litper.common.task.ContractHandler;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Component;

/**
 * Tells operators about something that needs them (a carrier's circuit opened, dead letters piling
 * up…): each {@code alert} task becomes one structured log line, with the alert's fields as
 * key-value pairs next to the task's request id, which the log pipeline routes to the on-call channel.
 *
 * <p>Payload: {@code {"severity": "critical|warning|info", "source": "carrier:coordinadora", "message": "…"}};
 * {@code severity} defaults to {@code warning}, {@code source} to {@code unknown}. A payload without a
 * message is a bug in the enqueuer: it goes to the dead letters at once. A repeat logs the line again.
 */
@Component
class AlertHandler implements ContractHandler<Alert> {

    private static final Logger log = LoggerFactory.getLogger("litper.alert");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    @Override
    public Class<Alert> contract() {
        return Alert.class;
    }

    @Override
    public void handle(Alert alert, Task task) {
        String message = alert.message();
        String severity = alert.severity() == null ? "warning" : alert.severity().toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            severity = "warning";
        }
        String source = alert.source() == null ? "unknown" : alert.source();
        Level level = switch (severity) {
            case "critical" -> Level.ERROR;
            case "info" -> Level.INFO;
            default -> Level.WARN;
        };
        log.atLevel(level)
                .addKeyValue("alert.severity", severity)
                .addKeyValue("alert.source", source)
                .addKeyValue("alert.enqueued_at", task.enqueuedAt().toString())
                .addKeyValue("alert.attempt", task.attempt())
                .log("ALERT [{}] {}: {}", severity, source, message);
    }
}
