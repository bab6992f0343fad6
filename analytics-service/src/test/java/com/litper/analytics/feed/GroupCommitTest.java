package com.litper.analytics.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.litper.common.contracts.OrderPlaced;
import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.common.task.Tasks;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link EventLog}'s group commit against the embedded PostgreSQL: through the real queue to the
 * worker, and through a {@link GroupCommit} over the feed's own insert whose first batch the test
 * holds open, so that the next rows are known to go in one batch.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GroupCommitTest {

    private static final Instant PLACED = Instant.parse("2026-11-25T13:00:00Z");

    @Autowired
    EventLog events;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskQueue queue;

    @Autowired
    Tasks tasks;

    private final List<List<EventLog.Row>> batches = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> writerThreads = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch firstBatchEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstBatch = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void cleanUp() {
        releaseFirstBatch.countDown();
        callers.shutdownNow();
        jdbc.sql("DROP TRIGGER IF EXISTS refuse_store ON analytics.event").update();
        jdbc.sql("DROP FUNCTION IF EXISTS public.refuse_store()").update();
    }

    @Test
    void manyConcurrentTasksRecordEveryRowOnce() {
        UUID store = UUID.randomUUID();
        int count = 2_000;
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(tasks.request(order(UUID.randomUUID(), store, PLACED.plusSeconds(i))));
        }
        for (int from = 0; from < count; from += 500) {
            queue.enqueueAll(requests.subList(from, from + 500));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> countOfStore(store) >= count);
        assertThat(jdbc.sql("SELECT count(DISTINCT event_key) FROM analytics.event WHERE store_id = :store").param("store", store)
                .query(Long.class).single()).isEqualTo(count);
        assertThat(countOfStore(store)).isEqualTo(count);
    }

    @Test
    void concurrentCallersEachReturnOnlyWhenTheirRowIsThere() throws Exception {
        UUID store = UUID.randomUUID();
        List<Future<Boolean>> calls = new ArrayList<>();
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            UUID order = UUID.randomUUID();
            orders.add(order);
            calls.add(callers.submit(() -> {
                boolean inserted = events.orderPlaced(order(order, store, PLACED));
                // Committed before the call returned: visible to any other connection now.
                assertThat(count("order:" + order)).isEqualTo(1);
                return inserted;
            }));
        }
        for (Future<Boolean> call : calls) {
            assertThat(call.get(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(countOfStore(store)).isEqualTo(orders.size());
        // Again: every row is there already, nothing inserted.
        for (UUID order : orders.subList(0, 20)) {
            assertThat(events.orderPlaced(order(order, store, PLACED))).isFalse();
        }
        assertThat(countOfStore(store)).isEqualTo(orders.size());
    }

    @Test
    void aRepeatInsideOneBatchInsertsOnce() throws Exception {
        GroupCommit<EventLog.Row> commits = heldGroupCommit(Duration.ofSeconds(30));
        UUID store = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        CompletableFuture<Boolean> first = holdFirstBatch(commits, store);

        CompletableFuture<Boolean> one = commitAsync(commits, row(order, store));
        CompletableFuture<Boolean> again = commitAsync(commits, row(order, store));
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.waitingCount() == 2);
        releaseFirstBatch.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(List.of(one.get(30, TimeUnit.SECONDS), again.get(30, TimeUnit.SECONDS))).containsExactlyInAnyOrder(true, false);
        assertThat(batches).hasSize(2);
        assertThat(batches.get(1)).hasSize(2);
        assertThat(count("order:" + order)).isEqualTo(1);
    }

    @Test
    void aRowTheDatabaseRefusesFailsItsCallerOnlyAndTheOthersCommit() throws Exception {
        UUID refused = UUID.randomUUID();
        refuseStore(refused);
        GroupCommit<EventLog.Row> commits = heldGroupCommit(Duration.ofSeconds(30));
        UUID store = UUID.randomUUID();
        CompletableFuture<Boolean> first = holdFirstBatch(commits, store);

        UUID before = UUID.randomUUID();
        UUID bad = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        CompletableFuture<Boolean> good1 = commitAsync(commits, row(before, store));
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.waitingCount() == 1);
        CompletableFuture<Boolean> failing = commitAsync(commits, row(bad, refused));
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.waitingCount() == 2);
        CompletableFuture<Boolean> good2 = commitAsync(commits, row(after, store));
        await().atMost(Duration.ofSeconds(10)).until(() -> commits.waitingCount() == 3);
        releaseFirstBatch.countDown();

        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(good1.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(good2.get(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(GroupCommit.EventNotRecordedException.class)
                .hasMessageContaining("refused");
        // The batch of three failed as a whole, then each row went on its own.
        assertThat(batches.get(1)).hasSize(3);
        assertThat(batches.subList(2, batches.size())).allMatch(batch -> batch.size() == 1).hasSize(3);
        assertThat(count("order:" + before)).isEqualTo(1);
        assertThat(count("order:" + after)).isEqualTo(1);
        assertThat(count("order:" + bad)).isZero();
    }

    @Test
    void aTaskWhoseRowIsRefusedFailsAndTheOthersAreRecorded() {
        UUID refused = UUID.randomUUID();
        refuseStore(refused);
        UUID store = UUID.randomUUID();
        UUID bad = UUID.randomUUID();
        List<TaskRequest> requests = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            requests.add(tasks.request(order(UUID.randomUUID(), store, PLACED.plusSeconds(i))));
            if (i == 150) {
                requests.add(tasks.request(order(bad, refused, PLACED)));
            }
        }
        queue.enqueueAll(requests);

        await().atMost(Duration.ofSeconds(60)).until(() -> countOfStore(store) == 300);
        // Retried, then a dead letter naming the database's refusal; never a row.
        DeadLetter letter = await().atMost(Duration.ofSeconds(60)).until(() -> deadLetterFor(bad), Optional::isPresent).orElseThrow();
        assertThat(letter.lastError()).contains("refused");
        assertThat(count("order:" + bad)).isZero();
    }

    @Test
    void aLoneRowIsWrittenAtOnceByItsOwnCaller() {
        GroupCommit<EventLog.Row> commits = new GroupCommit<>(this::recordedInsert, 500, 2, Duration.ofSeconds(30), EventLog::notTheRows);
        UUID order = UUID.randomUUID();

        // No window, no other thread: the caller finds nothing in progress and writes its row itself.
        assertThat(commits.commit(row(order, UUID.randomUUID()))).isTrue();
        assertThat(writerThreads).containsExactly(Thread.currentThread());
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0)).hasSize(1);
        assertThat(count("order:" + order)).isEqualTo(1);
    }

    @Test
    void aRowNoWriterTookInTimeFailsAndIsNotWritten() throws Exception {
        GroupCommit<EventLog.Row> commits = heldGroupCommit(Duration.ofMillis(300));
        UUID store = UUID.randomUUID();
        CompletableFuture<Boolean> first = holdFirstBatch(commits, store);
        UUID late = UUID.randomUUID();

        assertThatThrownBy(() -> commits.commit(row(late, store))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nothing recorded");
        assertThat(commits.waitingCount()).isZero();
        releaseFirstBatch.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(count("order:" + late)).isZero();
    }

    @Test
    void aTimeWithNanosecondsIsAnsweredByWhatWasInserted() {
        UUID store = UUID.randomUUID();
        Instant fine = Instant.parse("2026-11-25T13:00:00.123456789Z");
        UUID alone = UUID.randomUUID();
        assertThat(events.orderPlaced(order(alone, store, fine))).isTrue();
        assertThat(events.orderPlaced(order(alone, store, fine))).isFalse();

        // Two rows: the batch statement.
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        OffsetDateTime at = OffsetDateTime.ofInstant(fine, ZoneOffset.UTC);
        List<EventLog.Row> rows = List.of(rowAt(first, store, at), rowAt(second, store, at));
        assertThat(events.insert(rows)).containsExactly(true, true);
        assertThat(events.insert(rows)).containsExactly(false, false);
        assertThat(countOfStore(store)).isEqualTo(3);
    }

    /** One writer at a time over the feed's insert; the first batch waits for {@link #releaseFirstBatch}. */
    private GroupCommit<EventLog.Row> heldGroupCommit(Duration maxWait) {
        return new GroupCommit<>(rows -> {
            if (batches.isEmpty()) {
                firstBatchEntered.countDown();
                try {
                    releaseFirstBatch.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return recordedInsert(rows);
        }, 500, 1, maxWait, EventLog::notTheRows);
    }

    private List<Boolean> recordedInsert(List<EventLog.Row> rows) {
        batches.add(List.copyOf(rows));
        writerThreads.add(Thread.currentThread());
        return events.insert(rows);
    }

    private CompletableFuture<Boolean> holdFirstBatch(GroupCommit<EventLog.Row> commits, UUID store) throws InterruptedException {
        CompletableFuture<Boolean> first = commitAsync(commits, row(UUID.randomUUID(), store));
        assertThat(firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
        return first;
    }

    private CompletableFuture<Boolean> commitAsync(GroupCommit<EventLog.Row> commits, EventLog.Row row) {
        return CompletableFuture.supplyAsync(() -> commits.commit(row), callers);
    }

    /** A real refusal by the database: a trigger that raises a check violation for one store's rows. */
    private void refuseStore(UUID store) {
        jdbc.sql("""
                CREATE FUNCTION public.refuse_store() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.store_id = '%s' THEN
                        RAISE EXCEPTION 'store refused' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(store)).update();
        jdbc.sql("CREATE TRIGGER refuse_store BEFORE INSERT ON analytics.event FOR EACH ROW EXECUTE FUNCTION public.refuse_store()").update();
    }

    private static OrderPlaced order(UUID order, UUID store, Instant at) {
        return new OrderPlaced(order, store, "11001", "05001", "05", 0L, 10_000L, at);
    }

    private static EventLog.Row row(UUID order, UUID store) {
        return rowAt(order, store, OffsetDateTime.ofInstant(PLACED, ZoneOffset.UTC));
    }

    private static EventLog.Row rowAt(UUID order, UUID store, OffsetDateTime at) {
        return EventLog.Row.of("order:" + order, EventLog.ORDER_PLACED, store, order, at,
                "11", "05", "05001", 0L, 10_000L, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private long count(String key) {
        return jdbc.sql("SELECT count(*) FROM analytics.event WHERE event_key = :key").param("key", key).query(Long.class).single();
    }

    private long countOfStore(UUID store) {
        return jdbc.sql("SELECT count(*) FROM analytics.event WHERE store_id = :store").param("store", store).query(Long.class).single();
    }

    private Optional<DeadLetter> deadLetterFor(UUID order) {
        return queue.deadLetters("analytics", 0, 1000).stream().filter(letter -> letter.task().payload().contains(order.toString())).findFirst();
    }
}
