package com.litper.worker.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** worker-service runs alert tasks from its queue and logs each as one structured line carrying the enqueuer's request id. */
@ExtendWith({EmbeddedInfrastructure.class, OutputCaptureExtension.class})
@SpringBootTest(properties = {"litper.queue.default-queue=alerts-${random.uuid}", "litper.queue.worker.initial-backoff=50ms"})
class AlertHandlerTest {

    @Autowired
    TaskQueue queue;

    @Test
    void anAlertTaskBecomesOneStructuredLogLine(CapturedOutput output) {
        MDC.put("requestId", "req-alert-1");
        try {
            queue.enqueue(AlertHandler.TYPE,
                    "{\"severity\":\"critical\",\"source\":\"carrier:coordinadora\",\"message\":\"circuit open for 5 minutes\"}",
                    TaskPriority.CRITICAL);
        } finally {
            MDC.remove("requestId");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> output.getOut().contains("circuit open for 5 minutes"));
        String line = output.getOut().lines().filter(l -> l.contains("circuit open for 5 minutes")).findFirst().orElseThrow();
        assertThat(line).contains("ALERT [critical] carrier:coordinadora: circuit open for 5 minutes")
                .contains("\"level\":\"ERROR\"")
                .contains("\"requestId\":\"req-alert-1\"")
                .contains("\"taskId\":")
                .contains("\"alert\":{\"severity\":\"critical\",\"source\":\"carrier:coordinadora\"");
    }

    @Test
    void anAlertWithoutAMessageEndsInTheDeadLetters() {
        String id = queue.enqueue(AlertHandler.TYPE, "{\"severity\":\"critical\"}", TaskPriority.CRITICAL);
        String queueName = queue.routing().queueFor(AlertHandler.TYPE);

        await().atMost(Duration.ofSeconds(20)).until(() -> queue.deadLetterCount(queueName) == 1);
        assertThat(queue.deadLetters(queueName, 0, 10)).singleElement().satisfies(letter -> {
            assertThat(letter.task().id()).isEqualTo(id);
            assertThat(letter.task().attempt()).isEqualTo(3);
            assertThat(letter.lastError()).contains("Alert payload has no message");
        });
    }
}
