package com.litper.analytics.feed;

import com.litper.common.contracts.OrderPlaced;
import com.litper.common.contracts.ShipmentChanged;
import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import com.litper.common.task.Tasks;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How fast the feed records events, printed, never asserted: the insert alone from several threads,
 * then whole tasks through the embedded Redis queue to this service's worker. Not part of the test
 * run (the class name matches none of Surefire's patterns); run it on purpose with
 * {@code ./mvnw -q -pl analytics-service -am verify -Dtest=FeedBench -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the figures on standard output. {@code -Dfeed.bench.events} sets how many per phase (50,000).
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class FeedBench {

    private static final int EVENTS = Integer.getInteger("feed.bench.events", 50_000);
    private static final int THREADS = 8;

    @Autowired
    EventLog events;

    @Autowired
    TaskQueue queue;

    @Autowired
    Tasks tasks;

    @Autowired
    JdbcClient jdbc;

    @Test
    void printsTheFeedsRate() throws Exception {
        // Warm-up: the JIT, the pool, the partitions' first pages.
        insertDirectly(5_000);
        long start = System.nanoTime();
        insertDirectly(EVENTS);
        report("EventLog.shipmentChanged, " + THREADS + " threads, no queue", EVENTS, System.nanoTime() - start);

        UUID store = UUID.randomUUID();
        List<TaskRequest> requests = new ArrayList<>(EVENTS);
        Instant at = Instant.parse("2026-11-25T13:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            OrderPlaced order = new OrderPlaced(UUID.randomUUID(), store, "11001", "05001", "05", i % 2 == 0 ? 90_000L : 0L, 90_000L,
                    at.plusSeconds(i));
            requests.add(tasks.request(order));
        }
        long enqueued = System.nanoTime();
        for (int from = 0; from < EVENTS; from += 1_000) {
            queue.enqueueAll(requests.subList(from, Math.min(EVENTS, from + 1_000)));
        }
        long recorded;
        do {
            Thread.sleep(50);
            recorded = jdbc.sql("SELECT count(*) FROM analytics.event WHERE store_id = :store").param("store", store).query(Long.class).single();
        } while (recorded < EVENTS && System.nanoTime() - enqueued < Duration.ofMinutes(5).toNanos());
        report("order_placed through the queue to the worker (litper.queue.worker.concurrency "
                + System.getProperty("litper.queue.worker.concurrency", "as configured") + ")", recorded, System.nanoTime() - enqueued);
    }

    private void insertDirectly(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            Instant at = Instant.parse("2026-11-26T13:00:00Z");
            for (int t = 0; t < THREADS; t++) {
                int share = count / THREADS;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        UUID shipment = UUID.randomUUID();
                        events.shipmentChanged(new ShipmentChanged(UUID.randomUUID(), UUID.randomUUID(), shipment, "servientrega", "SV1",
                                "IN_TRANSIT", 2L, new ShipmentChanged.Event("ev-" + i, "IN_TRANSIT", "300", at.plusSeconds(i), null, true),
                                null, null, null, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void report(String what, long count, long nanos) {
        System.out.printf("FeedBench: %s: %,d events in %.2f s = %,.0f events/s%n", what, count, nanos / 1e9, count / (nanos / 1e9));
    }
}
