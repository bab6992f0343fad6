package com.litper.analytics.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The incremental runs, fed a history in pieces that arrive out of order (carrier events before
 * their order, novedades after the delivery), end with exactly the facts and rollups a rebuild
 * computes from the whole history at once.
 */
class IncrementalEqualsRebuildTest extends FactsTestSupport {

    private static final List<String> CARRIERS = List.of("servientrega", "coordinadora", "interrapidisimo");
    private static final List<String> DEPARTMENTS = List.of("05", "08", "11", "76");
    private static final List<String> CAUSES = List.of("BUYER_ABSENT", "WRONG_ADDRESS", "REFUSED", "BUYER_RESCHEDULED", "DAMAGED", "OTHER");

    @Test
    void incrementalRunsOverAHistoryArrivingInPiecesEqualTheRebuild() {
        Random random = new Random(20250324);
        List<UUID> stores = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<Runnable> writes = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            writes.addAll(randomOrder(random, stores.get(random.nextInt(stores.size()))));
        }
        Collections.shuffle(writes, random);

        int pieces = 6;
        for (int piece = 0; piece < pieces; piece++) {
            writes.subList(piece * writes.size() / pieces, (piece + 1) * writes.size() / pieces).forEach(Runnable::run);
            FactJobs.Run run = jobs.incremental();
            assertThat(run.skipped()).isFalse();
        }
        List<Map<String, Object>> incrementalFacts = factRows();
        List<Map<String, Object>> incrementalRollups = rollupRows();
        assertThat(incrementalFacts).hasSizeGreaterThan(100);
        assertThat(incrementalRollups).hasSizeGreaterThan(20);

        jobs.rebuild();
        assertThat(factRows()).isEqualTo(incrementalFacts);
        assertThat(rollupRows()).isEqualTo(incrementalRollups);
    }

    /** One order's events as separate writes: placed, booked, and a random way to the buyer. */
    private List<Runnable> randomOrder(Random random, UUID store) {
        History order = order(store);
        Instant placed = Instant.parse("2025-03-01T14:00:00Z").plus(random.nextInt(40 * 24), ChronoUnit.HOURS);
        Instant booked = placed.plus(1 + random.nextInt(5), ChronoUnit.HOURS);
        String origin = random.nextInt(5) == 0 ? null : DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
        String destination = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
        long cod = random.nextBoolean() ? 10_000L * (1 + random.nextInt(20)) : 0;
        String carrier = CARRIERS.get(random.nextInt(CARRIERS.size()));
        LocalDate promised = FactBuilder.day(booked).plusDays(2 + random.nextInt(3));
        long freight = 8_000 + random.nextInt(10) * 1_000;
        List<Runnable> writes = new ArrayList<>();
        writes.add(() -> order.placed(placed, origin, destination, cod));
        if (random.nextInt(10) == 0) {
            return writes; // never booked
        }
        writes.add(() -> order.booked(booked, carrier, promised, freight));
        Instant t = booked.plus(random.nextInt(80), ChronoUnit.HOURS);
        writes.add(event(order, t, "PICKED_UP", true, null, null));
        t = t.plus(10 + random.nextInt(40), ChronoUnit.HOURS);
        writes.add(event(order, t, "IN_TRANSIT", true, null, null));
        if (random.nextInt(4) == 0) {
            t = t.plus(3, ChronoUnit.HOURS);
            writes.add(event(order, t, "EXCEPTION", true, CAUSES.get(random.nextInt(CAUSES.size())), null));
        }
        int attempts = 1 + random.nextInt(3);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            t = t.plus(12 + random.nextInt(48), ChronoUnit.HOURS);
            writes.add(event(order, t, "OUT_FOR_DELIVERY", true, null, null));
            t = t.plus(2 + random.nextInt(8), ChronoUnit.HOURS);
            if (attempt < attempts) {
                writes.add(event(order, t, "EXCEPTION", true, CAUSES.get(random.nextInt(CAUSES.size())), null));
            }
        }
        switch (random.nextInt(5)) {
            case 0 -> writes.add(event(order, t.plus(72, ChronoUnit.HOURS), "RETURNED", true, null, null));
            case 1 -> {
                // Still on its way: nothing more.
            }
            default -> {
                writes.add(event(order, t, "DELIVERED", true, null, cod > 0 ? cod : null));
                // A late, repeated report after the delivery changes no status.
                writes.add(event(order, t.plus(1, ChronoUnit.HOURS), "DELIVERED", false, null, null));
            }
        }
        return writes;
    }

    private static Runnable event(History order, Instant at, String status, boolean changed, String cause, Long cash) {
        return () -> order.event(at, status, changed, cause, cash);
    }
}
