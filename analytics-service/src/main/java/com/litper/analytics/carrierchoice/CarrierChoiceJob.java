package com.litper.analytics.carrierchoice;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.carrier.PublishedCarrierChoice;
import com.litper.common.leader.LeaderElection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Every {@code interval}, on the leader replica only, computes each store's carrier choices from its
 * rule and the rollups and publishes them to Redis ({@link ChoicePublisher}); a store whose rule
 * changed is published at once by {@link #publish(UUID)}. Publishing replaces the store's whole hash,
 * so running it twice, or on two replicas at once for a moment, publishes the same thing.
 */
@Component
class CarrierChoiceJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CarrierChoiceJob.class);
    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    private static final Duration FIRST_ROUND = Duration.ofSeconds(10);

    private final CarrierRules rules;
    private final RouteStatsQuery stats;
    private final ChoicePublisher publisher;
    private final CarrierRegistry registry;
    private final LeaderElection leader;
    private final CarrierChoiceProperties properties;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final ReentrantLock round = new ReentrantLock();
    private volatile ScheduledFuture<?> rounds;

    CarrierChoiceJob(CarrierRules rules, RouteStatsQuery stats, ChoicePublisher publisher, CarrierRegistry registry, LeaderElection leader,
            CarrierChoiceProperties properties, TaskScheduler scheduler, ObjectProvider<Clock> clock) {
        this.rules = rules;
        this.stats = stats;
        this.publisher = publisher;
        this.registry = registry;
        this.leader = leader;
        this.properties = properties;
        this.scheduler = scheduler;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || rounds != null) {
            return;
        }
        // The first round soon after start (at most 10 s), so a restarted leader republishes before choices expire.
        Duration first = properties.interval().compareTo(FIRST_ROUND) < 0 ? properties.interval() : FIRST_ROUND;
        rounds = scheduler.scheduleWithFixedDelay(() -> {
            round.lock();
            try {
                if (rounds != null) {
                    leader.runIfLeader(this::publishAll);
                }
            } catch (RuntimeException e) {
                log.warn("Carrier choices not published this round; trying again at the next", e);
            } finally {
                round.unlock();
            }
        }, scheduler.getClock().instant().plus(first), properties.interval());
    }

    @Override
    public synchronized void stop() {
        if (rounds != null) {
            rounds.cancel(false);
            rounds = null;
            round.lock();
            round.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return rounds != null;
    }

    /** Publishes every store's choices; returns how many stores it published. A store that fails is logged and skipped. */
    int publishAll() {
        Map<Integer, List<RouteCarrierStats>> network = new HashMap<>();
        int published = 0;
        for (CarrierRules.StoreRule storeRule : rules.all()) {
            try {
                publish(storeRule.store(), storeRule.rule(), network);
                published++;
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("store.id", storeRule.store()).setCause(e)
                        .log("Carrier choices of store {} not published this round", storeRule.store());
            }
        }
        log.info("Published the carrier choices of {} store(s)", published);
        return published;
    }

    /** Publishes one store's choices from its current rule: after the owner saves it, and by each round. */
    Map<String, PublishedCarrierChoice> publish(UUID store) {
        return publish(store, rules.of(store), new HashMap<>());
    }

    private Map<String, PublishedCarrierChoice> publish(UUID store, CarrierRule rule, Map<Integer, List<RouteCarrierStats>> network) {
        Instant now = clock.instant();
        List<RouteCarrierStats> own = List.of();
        List<RouteCarrierStats> all = List.of();
        if (rule.mode() == CarrierRule.Mode.BEST_MEASURED) {
            // The window ends yesterday: today's rollup is still filling (unless include-today, for the local suite).
            LocalDate today = LocalDate.ofInstant(now, BOGOTA);
            LocalDate to = properties.includeToday() ? today : today.minusDays(1);
            LocalDate from = to.minusDays(rule.windowDays() - 1L);
            own = stats.sum(new RouteStatsQuery.Filter(store, from, to, null, null));
            all = network.computeIfAbsent(rule.windowDays(), days -> stats.sum(new RouteStatsQuery.Filter(null, from, to, null, null)));
        }
        Map<String, PublishedCarrierChoice> fields = CarrierPicker.choose(rule, own, all,
                code -> registry.carrier(code).map(CarrierRegistry.Carrier::enabled).orElse(false), now);
        Instant version = rule.updatedAt() != null ? rule.updatedAt() : Instant.EPOCH;
        long micros = version.getEpochSecond() * 1_000_000L + version.getNano() / 1_000;
        if (!publisher.publish(store, fields, properties.ttl(), micros)) {
            log.atInfo().addKeyValue("store.id", store).log("Carrier choices of store {} left as published: its rule changed meanwhile", store);
        }
        return fields;
    }

    @Override
    public int getPhase() {
        // Stopped before the Redis connections close.
        return Integer.MAX_VALUE - 200;
    }
}
