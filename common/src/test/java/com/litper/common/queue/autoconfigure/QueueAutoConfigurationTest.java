package com.litper.common.queue.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.litper.common.queue.RetryPolicy;
import com.litper.common.queue.RetryPolicy.Jitter;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** The Spring wiring against a real Redis: beans, handlers as beans, metrics, the dead-letter endpoint, SIGTERM. */
@ExtendWith(EmbeddedInfrastructure.class)
class QueueAutoConfigurationTest {

    private String queueName;
    private ConfigurableApplicationContext context;

    @BeforeEach
    void uniqueQueue() {
        queueName = "s-" + UUID.randomUUID().toString().substring(0, 8);
        QueueTestApplication.SHIPPED.clear();
        QueueTestApplication.STARTED.clear();
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        String[] base = {"--server.port=0", "--management.server.port=0", "--spring.application.name=queue-test",
                "--litper.queue.default-queue=" + queueName,
                "--management.endpoints.web.exposure.include=health,prometheus,deadletters",
                // Dead letters are operator endpoints: the test calls them with an operator's token.
                "--litper.security.jwks=" + TestTokens.jwks(),
                "--litper.queue.worker.max-attempts=1", "--litper.queue.worker.poll-interval=50ms",
                "--litper.queue.worker.shutdown-grace=300ms", "--litper.queue.depth-refresh-interval=100ms"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        context = new SpringApplicationBuilder(QueueTestApplication.class).run(args);
        return context;
    }

    /** The management port, where the actuator endpoints are. */
    private Http http() {
        return Http.localhost(context.getEnvironment().getRequiredProperty("local.management.port", Integer.class));
    }

    @Nested
    class WithoutWorker {

        @Test
        void everyServiceWithRedisGetsATaskQueueButNoWorker() {
            start();
            assertThat(context.getBeansOfType(TaskQueue.class)).hasSize(1);
            assertThat(context.getBeansOfType(TaskWorkerLifecycle.class)).isEmpty();
            String id = context.getBean(TaskQueue.class).enqueue("ship", "{}", TaskPriority.NORMAL);
            assertThat(id).isNotBlank();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(http().get("/actuator/prometheus").body())
                    .contains("litper_queue_depth{application=\"queue-test\",priority=\"NORMAL\",queue=\"" + queueName + "\"} 1.0"));
        }
    }

    @Nested
    class Contracts {

        @Test
        void taskTypesGoToTheirContractsQueueUnlessARouteOverridesIt() {
            start("--litper.queue.routes.alert=" + queueName + "-alerts");
            TaskQueue queue = context.getBean(TaskQueue.class);
            assertThat(queue.routing().queueFor("shipment_update")).isEqualTo("api");
            assertThat(queue.routing().queueFor("inbound_message")).isEqualTo("agents");
            assertThat(queue.routing().queueFor("alert")).isEqualTo(queueName + "-alerts");
            // A type without a contract still goes to the default queue.
            assertThat(queue.routing().queueFor("ship")).isEqualTo(queueName);
            com.litper.common.task.Tasks tasks = context.getBean(com.litper.common.task.Tasks.class);
            String id = tasks.send(new com.litper.common.contracts.Alert("info", "test", "routed"));
            assertThat(queue.depth(queueName + "-alerts", TaskPriority.CRITICAL)).isEqualTo(1);
            assertThat(id).isNotBlank();
        }
    }

    @Nested
    class Validation {

        @Test
        void invalidSettingsStopTheServiceAtStartup() {
            assertThatThrownBy(() -> start("--litper.queue.worker.enabled=true", "--litper.queue.worker.concurrency=0"))
                    .hasStackTraceContaining("concurrency");
            assertThatThrownBy(() -> start("--litper.queue.default-queue=no{braces}"))
                    .hasStackTraceContaining("default-queue");
        }
    }

    @Nested
    class Leases {

        @Test
        void aLeaseLastsTheLeaseDurationButNeverLongerThanItsTimeoutPlusTheMargin() {
            start("--litper.queue.worker.lease-duration=20s", "--litper.queue.worker.timeouts.CRITICAL=10s");
            WorkerSettings settings = context.getBean(QueueProperties.class).worker().settings();

            assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(20));
            assertThat(settings.lease(TaskPriority.CRITICAL)).isEqualTo(Duration.ofSeconds(15));
            assertThat(settings.lease(TaskPriority.LOW)).isEqualTo(Duration.ofSeconds(20));
        }

        @Test
        void leasesLastFifteenSecondsByDefault() {
            start();
            WorkerSettings settings = context.getBean(QueueProperties.class).worker().settings();
            for (TaskPriority priority : TaskPriority.values()) {
                assertThat(settings.lease(priority)).isEqualTo(Duration.ofSeconds(15));
            }
        }
    }

    @Nested
    class RetryPolicies {

        @Test
        void aTaskTypesOwnPolicyTakesWhatItLeavesUnsetFromTheWorker() {
            start("--litper.queue.worker.initial-backoff=3s", "--litper.queue.worker.backoff-jitter=none",
                    "--litper.queue.worker.retry-policies.send_whatsapp.max-attempts=5",
                    "--litper.queue.worker.retry-policies.book_shipment.initial-backoff=10s",
                    "--litper.queue.worker.retry-policies.book_shipment.multiplier=3",
                    "--litper.queue.worker.retry-policies.book_shipment.jitter=full");
            WorkerSettings settings = context.getBean(QueueProperties.class).worker().settings();

            // The shared base arguments give every task one attempt.
            assertThat(settings.retryPolicy("process_order")).isEqualTo(new RetryPolicy(1, Duration.ofSeconds(3), 2.0, Jitter.NONE));
            assertThat(settings.retryPolicy("send_whatsapp")).isEqualTo(new RetryPolicy(5, Duration.ofSeconds(3), 2.0, Jitter.NONE));
            assertThat(settings.retryPolicy("book_shipment")).isEqualTo(new RetryPolicy(1, Duration.ofSeconds(10), 3.0, Jitter.FULL));
        }

        @Test
        void theDefaultJitterIsEqualJitter() {
            start();
            assertThat(context.getBean(QueueProperties.class).worker().settings().retryPolicy().jitter()).isEqualTo(Jitter.EQUAL);
        }

        @Test
        void anInvalidTypePolicyStopsTheServiceAtStartup() {
            assertThatThrownBy(() -> start("--litper.queue.worker.retry-policies.send_whatsapp.max-attempts=0"))
                    .hasStackTraceContaining("maxAttempts");
        }
    }

    @Nested
    class WithWorker {

        @Test
        void runsHandlerBeansAndRecordsMetrics() {
            start("--litper.queue.worker.enabled=true");
            TaskQueue queue = context.getBean(TaskQueue.class);
            queue.enqueue("ship", "{\"order\":1}", TaskPriority.HIGH);
            await().atMost(Duration.ofSeconds(10)).until(() -> QueueTestApplication.SHIPPED.size() == 1);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                String metrics = http().get("/actuator/prometheus").body();
                String tags = "priority=\"HIGH\",queue=\"" + queueName + "\",type=\"ship\"";
                assertThat(metrics).contains("litper_queue_succeeded_total{application=\"queue-test\"," + tags + "} 1.0");
                assertThat(metrics).contains("litper_queue_wait_seconds_bucket{application=\"queue-test\"," + tags);
                assertThat(metrics).contains("litper_queue_run_seconds_count{application=\"queue-test\",outcome=\"success\"," + tags + "} 1");
                assertThat(metrics).contains("litper_queue_in_flight{application=\"queue-test\"," + tags + "} 0.0");
            });
        }

        @Test
        void aContextStoppedAndStartedAgainRunsTasksWithANewWorker() {
            start("--litper.queue.worker.enabled=true");
            TaskQueue queue = context.getBean(TaskQueue.class);
            TaskWorkerLifecycle lifecycle = context.getBean(TaskWorkerLifecycle.class);
            queue.enqueue("ship", "{\"order\":1}", TaskPriority.HIGH);
            await().atMost(Duration.ofSeconds(10)).until(() -> QueueTestApplication.SHIPPED.size() == 1);

            // What a paused and resumed test context, or an operator's stop/start over JMX, does.
            context.stop();
            assertThat(lifecycle.isRunning()).isFalse();
            context.start();
            assertThat(lifecycle.isRunning()).isTrue();
            queue.enqueue("ship", "{\"order\":2}", TaskPriority.HIGH);
            await().atMost(Duration.ofSeconds(10)).until(() -> QueueTestApplication.SHIPPED.size() == 2);
            assertThat(QueueTestApplication.SHIPPED.get(1).payload()).isEqualTo("{\"order\":2}");
        }

        @Test
        void deadLettersCanBeListedReplayedAndPurgedThroughTheEndpoint() {
            start("--litper.queue.worker.enabled=true");
            TaskQueue queue = context.getBean(TaskQueue.class);
            String first = queue.enqueue("ship", "{\"order\":\"fail-1\"}", TaskPriority.NORMAL);
            String second = queue.enqueue("ship", "{\"order\":\"fail-2\"}", TaskPriority.NORMAL);
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == 2);

            var operator = TestTokens.bearer(TestTokens.operator());
            assertThat(http().get("/actuator/deadletters").status()).isEqualTo(401);
            JsonNode summary = http().get("/actuator/deadletters", operator).json();
            assertThat(summary.path("queues").path(queueName).asLong()).isEqualTo(2);
            Http.Response page = http().get("/actuator/deadletters/" + queueName + "?limit=10", operator);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("total").asLong()).isEqualTo(2);
            JsonNode letter = page.json().path("deadLetters").get(0);
            assertThat(letter.path("task").path("id").asString()).isIn(first, second);
            assertThat(letter.path("lastError").asString()).isEqualTo("java.lang.IllegalStateException: carrier refused the booking");

            Http.Response replayed = http().send(java.net.http.HttpRequest.newBuilder(http().uri("/actuator/deadletters/" + queueName))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"ids\":\"" + first + "\"}")),
                    java.util.Map.of("Content-Type", "application/json", "Authorization", operator.get("Authorization")));
            assertThat(replayed.status()).isEqualTo(200);
            assertThat(replayed.json().path("count").asLong()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> QueueTestApplication.STARTED.stream().filter(t -> t.id().equals(first)).count() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.deadLetterCount(queueName) == 2);

            Http.Response purged = http().send(java.net.http.HttpRequest.newBuilder(http().uri("/actuator/deadletters/" + queueName + "?ids=" + second)).DELETE(), operator);
            assertThat(purged.json().path("count").asLong()).isEqualTo(1);
            Http.Response purgedAll = http().send(java.net.http.HttpRequest.newBuilder(http().uri("/actuator/deadletters/" + queueName)).DELETE(), operator);
            assertThat(purgedAll.json().path("count").asLong()).isEqualTo(1);
            assertThat(queue.deadLetterCount(queueName)).isZero();
        }

        @Test
        void closingTheContextHandsBackTheTaskInFlight() {
            start("--litper.queue.worker.enabled=true", "--litper.queue.worker.timeouts.NORMAL=5m");
            TaskQueue queue = context.getBean(TaskQueue.class);
            queue.enqueue("ship", "{\"order\":\"slow\"}", TaskPriority.NORMAL);
            await().atMost(Duration.ofSeconds(10)).until(() -> QueueTestApplication.STARTED.size() == 1);

            context.close();

            TaskQueue probe = new TaskQueue(com.litper.common.queue.RedisConnector.create(EmbeddedInfrastructure.redis().url()),
                    com.litper.common.queue.TaskRouting.single(queueName), java.time.Clock.systemUTC());
            try {
                assertThat(probe.leasedCount(queueName)).isZero();
                assertThat(probe.depth(queueName, TaskPriority.NORMAL)).isEqualTo(1);
            } finally {
                probe.close();
            }
        }
    }
}
