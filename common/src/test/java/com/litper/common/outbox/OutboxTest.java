package com.litper.common.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.litper.common.contracts.Alert;
import com.litper.common.contracts.OrderFailed;
import com.litper.common.queue.RedisConnector;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskWorker;
import com.litper.common.queue.WorkerSettings;
import com.litper.common.testing.TestTracing;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.slf4j.MDC;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRouting;
import com.litper.common.task.Tasks;
import com.litper.embedded.EmbeddedInfrastructure;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * common's transactional outbox against real PostgreSQL and Redis: a row commits with its change or
 * not at all, the relay moves committed rows, and relaying a row twice queues one task.
 */
@ExtendWith(EmbeddedInfrastructure.class)
class OutboxTest {

    private final String schema = "outbox_" + UUID.randomUUID().toString().substring(0, 8);
    private final String queueName = "outbox-test-" + UUID.randomUUID();
    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private TransactionTemplate transactions;
    private TaskQueue queue;
    private OutboxRelay relay;
    private Outbox outbox;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void setUp() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(EmbeddedInfrastructure.postgres().jdbcUrl("postgres"));
        dataSource.setUsername("postgres");
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        // The table as every owning schema's migration creates it.
        jdbc.sql("CREATE SCHEMA " + schema).update();
        jdbc.sql("""
                CREATE TABLE %s.outbox (id uuid PRIMARY KEY, task_type text NOT NULL, priority text NOT NULL, payload jsonb NOT NULL,
                    request_id text, dedup_key text, created_at timestamptz NOT NULL DEFAULT clock_timestamp(), sent_at timestamptz,
                    redispatches integer NOT NULL DEFAULT 0, confirmed_at timestamptz, given_up_at timestamptz)"""
                .formatted(schema)).update();
        queue = new TaskQueue(RedisConnector.create(EmbeddedInfrastructure.redis().url()), TaskRouting.single(queueName), Clock.systemUTC());
        meters = new SimpleMeterRegistry();
        OutboxProperties properties = new OutboxProperties(schema, Duration.ofSeconds(30), 2, Duration.ofMillis(100), Duration.ofDays(7),
                Duration.ofHours(1));
        relay = new OutboxRelay(jdbc, transactions, queue, properties, Clock.systemUTC(), meters);
        outbox = new Outbox(jdbc, Tasks.on(queue), schema, relay);
    }

    @AfterEach
    void tearDown() {
        relay.stop();
        jdbc.sql("DROP SCHEMA " + schema + " CASCADE").update();
        dataSource.close();
        queue.close();
    }

    @Test
    void aRowCommitsWithItsChangeOrNotAtAll() {
        UUID kept = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> outbox.add(failed(kept)));
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
            outbox.add(failed(rolledBack));
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");

        assertThat(rows("payload->>'orderId' = '" + kept + "'")).isEqualTo(1);
        assertThat(rows("payload->>'orderId' = '" + rolledBack + "'")).isZero();
        assertThat(jdbc.sql("SELECT dedup_key FROM " + schema + ".outbox").query(String.class).single()).isEqualTo("order-failed:" + kept);
    }

    @Test
    void oneStatementWritesTwoTasksUnderSuffixedParameters() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Map<String, Object> parameters = new java.util.HashMap<>(outbox.row(failed(first)).parameters());
        parameters.putAll(outbox.row(failed(second)).parameters("Second"));
        jdbc.sql("WITH one AS (SELECT 1), a AS (" + outbox.insertFrom() + "one RETURNING id), b AS (" + outbox.insertFrom("Second")
                + "one RETURNING id) SELECT count(*) FROM a").params(parameters).query(Long.class).single();

        assertThat(rows("payload->>'orderId' = '" + first + "'")).isEqualTo(1);
        assertThat(rows("payload->>'orderId' = '" + second + "' AND dedup_key = 'order-failed:" + second + "'")).isEqualTo(1);
        assertThatThrownBy(() -> outbox.insertFrom("x; DROP")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outsideATransactionNothingIsWritten() {
        assertThatThrownBy(() -> outbox.add(failed(UUID.randomUUID()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs the transaction of the change");
        assertThat(rows("true")).isZero();
    }

    @Test
    void anInvalidPayloadIsRefusedBeforeItIsWritten() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> outbox.add(new OrderFailed(null, null, " ", null))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orderId must not be null");
        assertThat(rows("true")).isZero();
    }

    @Test
    void theRelayMovesCommittedRowsAfterTheCommitInBatchesAndMarksThemSent() {
        relay.start();
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < 5; i++) {
                outbox.add(new Alert("info", "test", "alert " + i));
            }
        });
        // The poll interval is 30 s: only the after-commit wake-up can have moved them this soon.
        await().atMost(Duration.ofSeconds(10)).until(() -> rows("sent_at IS NULL") == 0);
        assertThat(queue.depth(queueName, TaskPriority.CRITICAL)).isEqualTo(5);
        assertThat(meters.get("litper.outbox.relayed").counter().count()).isEqualTo(5.0);
    }

    @Test
    void relayingARowAgainQueuesItOnce() {
        transactions.executeWithoutResult(tx -> outbox.add(new Alert("info", "test", "once")));
        assertThat(relay.relayBatch()).isEqualTo(1);
        // As if the relay had died after enqueueing but before marking the row sent.
        jdbc.sql("UPDATE " + schema + ".outbox SET sent_at = NULL").update();
        assertThat(relay.relayBatch()).isEqualTo(1);
        assertThat(queue.depth(queueName, TaskPriority.CRITICAL)).isEqualTo(1);
    }

    @Test
    void whileRedisIsDownRowsWaitAndAreRelayedWhenItReturns() {
        transactions.executeWithoutResult(tx -> outbox.add(failed(UUID.randomUUID())));
        EmbeddedInfrastructure.redis().stop();
        try {
            assertThatThrownBy(() -> relay.relayBatch()).isInstanceOf(RuntimeException.class);
            assertThat(rows("sent_at IS NULL")).isEqualTo(1);
        } finally {
            EmbeddedInfrastructure.redis().start();
        }
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> relay.relayBatch() == 1);
        assertThat(rows("sent_at IS NULL")).isZero();
        assertThat(queue.depth(queueName, TaskPriority.HIGH)).isEqualTo(1);
    }

    @Test
    void theReconcilerDispatchesAgainWhatHasNoEffectUnderAKeyOfItsOwnThenGivesUp() {
        jdbc.sql("CREATE TABLE " + schema + ".effect (order_id uuid PRIMARY KEY)").update();
        ReconciledTask kind = new ReconciledTask("order_failed",
                "NOT EXISTS (SELECT 1 FROM " + schema + ".effect e WHERE e.order_id = (o.payload->>'orderId')::uuid)");
        // Six minutes on: every relayed row is older than the five-minute bound.
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6));
        OutboxReconciler reconciler = new OutboxReconciler(jdbc, transactions, relay, schema, List.of(kind),
                new ReconcileProperties(true, Duration.ofMinutes(5), 1, Duration.ofSeconds(30), 100), later, null, meters, "test");
        UUID applied = UUID.randomUUID();
        UUID lost = UUID.randomUUID();
        transactions.executeWithoutResult(tx -> outbox.addAll(List.of(failed(applied), failed(lost))));
        assertThat(relay.relayBatch()).isEqualTo(2);
        jdbc.sql("INSERT INTO " + schema + ".effect VALUES (:id)").param("id", applied).update();
        // Not yet due by the service's own clock.
        assertThat(new OutboxReconciler(jdbc, transactions, relay, schema, List.of(kind),
                new ReconcileProperties(true, Duration.ofMinutes(5), 1, Duration.ofSeconds(30), 100), Clock.systemUTC(), null, null, "test")
                .reconcile()).isEqualTo(new OutboxReconciler.Round(0, 0, 0));

        assertThat(reconciler.reconcile()).isEqualTo(new OutboxReconciler.Round(1, 1, 0));
        assertThat(rows("payload->>'orderId' = '" + lost + "' AND sent_at IS NULL AND redispatches = 1")).isEqualTo(1);
        assertThat(rows("payload->>'orderId' = '" + applied + "' AND confirmed_at IS NOT NULL")).isEqualTo(1);
        // The first task's de-duplication key is still alive: the re-dispatch goes under a key of its own.
        assertThat(relay.relayBatch()).isEqualTo(1);
        assertThat(queue.depth(queueName, TaskPriority.HIGH)).isEqualTo(3);
        assertThat(meters.get("litper.reconcile.redispatched").tag("service", "test").tag("kind", "order_failed").counter().count())
                .isEqualTo(1.0);

        // Still no effect after the one re-dispatch allowed: given up, for an operator.
        assertThat(reconciler.reconcile()).isEqualTo(new OutboxReconciler.Round(0, 0, 1));
        assertThat(rows("payload->>'orderId' = '" + lost + "' AND given_up_at IS NOT NULL AND sent_at IS NOT NULL")).isEqualTo(1);
        assertThat(meters.get("litper.reconcile.abandoned").counter().count()).isEqualTo(1.0);
        assertThat(reconciler.reconcile()).isEqualTo(new OutboxReconciler.Round(0, 0, 0));
    }

    @Test
    void theTaskOfARowRunsInAChildSpanOfTheWritersSpanThoughSentLater() {
        try (TestTracing tracing = new TestTracing()) {
            TaskQueue traced = new TaskQueue(RedisConnector.create(EmbeddedInfrastructure.redis().url()), TaskRouting.single(queueName),
                    Clock.systemUTC(), TaskQueue.DEFAULT_DEDUP_WINDOW, Duration.ZERO, tracing.taskTracing());
            OutboxProperties properties = new OutboxProperties(schema, Duration.ofSeconds(30), 2, Duration.ofMillis(100), Duration.ofDays(7),
                    Duration.ofHours(1));
            // The relay runs on its own thread, in no span: the trace context must come from the row.
            OutboxRelay tracedRelay = new OutboxRelay(jdbc, transactions, traced, properties, Clock.systemUTC(), meters);
            Outbox tracedOutbox = new Outbox(jdbc, Tasks.on(traced), schema, tracedRelay, traced.tracing());
            List<String> requestIds = new CopyOnWriteArrayList<>();
            TaskWorker worker = new TaskWorker(traced, List.of(TaskHandler.of("order_failed", task -> requestIds.add(task.requestId()))),
                    WorkerSettings.defaults().withQueues(queueName).withPollInterval(Duration.ofMillis(50)), TaskListener.NONE);
            try {
                Span request = tracing.tracer().nextSpan().name("POST /api/orders").start();
                UUID orderId = UUID.randomUUID();
                MDC.put(TaskQueue.REQUEST_ID_MDC_KEY, "req-7");
                try (Tracer.SpanInScope ignored = tracing.tracer().withSpan(request)) {
                    transactions.executeWithoutResult(tx -> tracedOutbox.add(failed(orderId)));
                } finally {
                    MDC.remove(TaskQueue.REQUEST_ID_MDC_KEY);
                    request.end();
                }
                assertThat(jdbc.sql("SELECT request_id FROM " + schema + ".outbox").query(String.class).single())
                        .startsWith("req-7:00-" + request.context().traceId() + "-" + request.context().spanId() + "-");

                worker.start();
                assertThat(tracedRelay.relayBatch()).isEqualTo(1);

                await().atMost(Duration.ofSeconds(10)).until(() -> tracing.finished("order_failed").size() == 1);
                SpanData run = tracing.finished("order_failed").get(0);
                assertThat(run.getTraceId()).isEqualTo(request.context().traceId());
                assertThat(run.getParentSpanId()).isEqualTo(request.context().spanId());
                assertThat(requestIds).containsExactly("req-7");
            } finally {
                worker.stop();
                tracedRelay.stop();
                traced.close();
            }
        }
    }

    private static OrderFailed failed(UUID orderId) {
        return new OrderFailed(orderId, null, "refused", Instant.parse("2026-11-25T13:00:00Z"));
    }

    private long rows(String where) {
        return jdbc.sql("SELECT count(*) FROM " + schema + ".outbox WHERE " + where).query(Long.class).single();
    }
}
