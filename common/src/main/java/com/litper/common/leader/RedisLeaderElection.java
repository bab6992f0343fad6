package com.litper.common.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Leader election through a Redis lock, for deployments outside Kubernetes. The leader holds the
 * key {@link #key(String)} set to its own random token ({@code SET NX PX}); it renews the expiry
 * every retry period with a compare-and-expire script and releases with a compare-and-delete
 * script, so a candidate never extends or deletes a lock another candidate took over.
 *
 * <p>The leader steps down by itself when it has not renewed for the renew deadline (shorter than
 * the lease duration), so it stops its work before a successor can acquire the expired key. Uses
 * Spring Data Redis because the services' Redis connection (single, Sentinel) is configured there.
 *
 * <p>Its rounds run on a {@link ScheduledExecutorService} handed in by the caller (in a service,
 * Spring Boot's task scheduler), which it never shuts down.
 */
public final class RedisLeaderElection extends AbstractLeaderElection {

    private static final Logger log = LoggerFactory.getLogger(RedisLeaderElection.class);

    private static final RedisScript<Long> RENEW = script("renew-1.lua");
    private static final RedisScript<Long> RELEASE = script("release-1.lua");

    private final StringRedisTemplate redis;
    private final String key;
    private final String token;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    // Held by a running round: stop() waits for it, so no round changes the leadership after stop().
    private final ReentrantLock round = new ReentrantLock();
    private volatile Instant lastRenewal = Instant.MIN;
    private volatile boolean campaigning;
    private ScheduledFuture<?> ticks;

    /**
     * An election on {@code redis}; its rounds run every {@code retryPeriod} on {@code scheduler},
     * which stays the caller's to shut down.
     */
    public RedisLeaderElection(StringRedisTemplate redis, String name, String identity,
            Duration leaseDuration, Duration renewDeadline, Duration retryPeriod, Clock clock,
            ScheduledExecutorService scheduler) {
        super(name, identity);
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("renew deadline " + renewDeadline + " must be shorter than the lease duration " + leaseDuration);
        }
        this.redis = redis;
        this.key = key(name);
        // A fresh token per process: a restarted pod with the same name must not inherit a stale lock.
        this.token = identity + ":" + UUID.randomUUID();
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    /** The Redis key of an election; hash-tagged so it maps to one slot on Redis Cluster. */
    public static String key(String name) {
        return "litper:leader:{" + name + "}";
    }

    @Override
    public synchronized void start() {
        if (ticks != null) {
            return;
        }
        campaigning = true;
        ticks = scheduler.scheduleWithFixedDelay(this::tick, 0, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One round: the leader renews (or steps down past the deadline), a follower tries to acquire. */
    void tick() {
        round.lock();
        try {
            if (!campaigning) {
                return;
            }
            if (leadership.isLeader()) {
                renew();
            } else {
                tryAcquire();
            }
        } catch (RuntimeException e) {
            // Redis unreachable: keep leading only while the renew deadline allows.
            log.warn("leader election {}: Redis call failed: {}", name, e.toString());
            stepDownIfPastDeadline();
        } finally {
            round.unlock();
        }
    }

    private void tryAcquire() {
        Boolean acquired = redis.opsForValue().setIfAbsent(key, token, leaseDuration);
        if (Boolean.TRUE.equals(acquired)) {
            lastRenewal = clock.instant();
            leadership.set(true);
        }
    }

    private void renew() {
        Long renewed = redis.execute(RENEW, List.of(key), token, Long.toString(leaseDuration.toMillis()));
        if (renewed != null && renewed == 1L) {
            lastRenewal = clock.instant();
        } else {
            // Someone else holds the key: the lock expired (e.g. a long pause) and was taken over.
            leadership.set(false);
        }
    }

    private void stepDownIfPastDeadline() {
        if (leadership.isLeader() && Duration.between(lastRenewal, clock.instant()).compareTo(renewDeadline) > 0) {
            leadership.set(false);
        }
    }

    @Override
    public synchronized void stop() {
        if (ticks == null) {
            return;
        }
        campaigning = false;
        ticks.cancel(false);
        ticks = null;
        // A round already running finishes first (bounded by the Redis command timeout); later ones do nothing.
        round.lock();
        round.unlock();
        boolean wasLeader = leadership.isLeader();
        leadership.set(false);
        if (wasLeader) {
            try {
                redis.execute(RELEASE, List.of(key), token);
            } catch (RuntimeException e) {
                log.warn("leader election {}: could not release the lock, it expires within {}", name, leaseDuration, e);
            }
        }
    }

    private static RedisScript<Long> script(String file) {
        return RedisScript.of(new ClassPathResource("com/litper/common/leader/" + file), Long.class);
    }
}
