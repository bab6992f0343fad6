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
@SpringBootTest(properties = "litper.queue.worker.initial-backoff=50ms")
class AlertHandlerTest {

    static final String QUEUE = "alerts-" + java.util.UUID.randomUUID();

    /** This class's own queue, as the worker's default and as the route of alert tasks. */
    @org.springframework.test.context.DynamicPropertySource
    static void queue(org.springframework.test.context.DynamicPropertyRegistry registry) {
        registry.add("litper.queue.default-queue", () -> QUEUE);
        registry.add("litper.queue.routes.alert", () -> QUEUE);
    }

    @Autowired
    TaskQueue queue;

    @Test
    void anAlertTaskBecomesOneStructuredLogLine(CapturedOutput output) {
        MDC.put("requestId", "req-alert-1");
        try {
            queue.enqueue("alert",
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
        String id = queue.enqueue("alert", "{\"severity\":\"critical\"}", TaskPriority.CRITICAL);
        String queueName = queue.routing().queueFor("alert");

        await().atMost(Duration.ofSeconds(20)).until(() -> queue.deadLetterCount(queueName) == 1);
        assertThat(queue.deadLetters(queueName, 0, 10)).singleElement().satisfies(letter -> {
            assertThat(letter.task().id()).isEqualTo(id);
            // A payload without a message cannot get better: dead-lettered on its first attempt.
            assertThat(letter.task().attempt()).isEqualTo(1);
            assertThat(letter.lastError()).contains("alert payload is invalid: message must not be blank");
        });
    }
}
