package com.litper.worker.alert;

import com.litper.common.queue.Task;
import com.litper.common.queue.TaskHandler;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells operators about something that needs them (a carrier's circuit opened, dead letters piling
 * up…): each {@code alert} task becomes one structured log line, with the alert's fields as
 * key-value pairs next to the task's request id, which the log pipeline routes to the on-call channel.
 *
 * <p>Payload: {@code {"severity": "critical|warning|info", "source": "carrier:coordinadora", "message": "…"}};
 * {@code severity} defaults to {@code warning}, {@code source} to {@code unknown}. A payload without a
 * message is a bug in the enqueuer: it fails, and after its retries lands in the dead letters.
 */
@Component
class AlertHandler implements TaskHandler {

    static final String TYPE = "alert";

    private static final Logger log = LoggerFactory.getLogger("litper.alert");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    private final JsonMapper json;

    AlertHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public String taskType() {
        return TYPE;
    }

    @Override
    public void handle(Task task) {
        JsonNode alert = json.readTree(task.payload());
        String message = alert.path("message").asString("");
        if (message.isBlank()) {
            throw new IllegalArgumentException("Alert payload has no message: " + abbreviate(task.payload()));
        }
        String severity = alert.path("severity").asString("warning").toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            severity = "warning";
        }
        String source = alert.path("source").asString("unknown");
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

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
