package com.litper.common.db;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.scheduling.TaskScheduler;

/**
 * Probes every replica on its own connection at a fixed interval: is it up, is it a replica, how
 * many bytes of the primary's WAL it has yet to replay. It tells the read route whether to try the
 * replicas at all: not while every replica is down (reads then go straight to the primary instead
 * of each waiting for a connection timeout), again as soon as one answers. Reported as
 * {@code /actuator/health} component {@code replicas} (not part of readiness: the primary can
 * serve reads) and as gauges. Probes run on the service's task scheduler, one at a time.
 */
public class ReplicaMonitor implements HealthIndicator, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

    record ReplicaState(boolean up, boolean inRecovery, long lagBytes, String error) {
    }

    private final PostgresUrl primary;
    private final List<String> replicaHosts;
    private final PostgresUrl replicaTemplate;
    private final Properties credentials;
    private final HikariDataSource readPool;
    private final Map<String, ReplicaState> states = new ConcurrentHashMap<>();
    private final TaskScheduler scheduler;
    private final ScheduledFuture<?> probes;
    private volatile boolean suspended;

    public ReplicaMonitor(PostgresUrl primary, List<PostgresUrl> replicas, Properties credentials, HikariDataSource readPool,
            MeterRegistry meters, Duration interval, TaskScheduler scheduler) {
        this.primary = primary;
        this.replicaHosts = replicas.stream().flatMap(r -> r.hosts().stream()).toList();
        this.replicaTemplate = replicas.get(0);
        this.credentials = credentials;
        this.readPool = readPool;
        for (String host : replicaHosts) {
            Gauge.builder(RoutingMetrics.REPLICA_LAG, states, s -> s.containsKey(host) && s.get(host).up() ? s.get(host).lagBytes() : Double.NaN)
                    .tag("replica", host).baseUnit("bytes").description("WAL bytes the replica has yet to replay").register(meters);
            Gauge.builder(RoutingMetrics.REPLICA_UP, states, s -> s.containsKey(host) && s.get(host).up() ? 1 : 0)
                    .tag("replica", host).description("1 while the replica accepts connections").register(meters);
        }
        this.scheduler = scheduler;
        this.probes = scheduler.scheduleWithFixedDelay(this::probeAll, interval);
    }

    // Synchronized: a probe asked for by a failing read must not run alongside the periodic one.
    synchronized void probeAll() {
        try {
            String primaryLsn = primaryLsn();
            boolean wentDown = false;
            for (String host : replicaHosts) {
                ReplicaState state = probe(host, primaryLsn);
                ReplicaState before = states.put(host, state);
                if (before != null && before.up() != state.up()) {
                    log.warn("Replica {} is {}", host, state.up() ? "back" : "down: " + state.error());
                    wentDown |= !state.up();
                }
            }
            if (wentDown) {
                // Idle connections to the dead replica close instead of failing the next read.
                readPool.getHikariPoolMXBean().softEvictConnections();
            }
            if (suspended && anyUp()) {
                suspended = false;
                log.info("A replica answers again; reads go back to the replicas");
            }
        } catch (RuntimeException e) {
            log.warn("Replica probe failed", e);
        }
    }

    /**
     * Whether reads should try the replicas: yes unless a probe found every replica down or a read
     * found the replica pool unusable; then no until a probe finds one up again.
     */
    boolean replicasAvailable() {
        return !suspended && (states.isEmpty() || anyUp());
    }

    /** A read got no replica connection: reads use the primary until a probe finds a replica up. */
    void replicasFailed(Exception cause) {
        if (!suspended) {
            suspended = true;
            log.warn("No replica connection for a read ({}); reads go to the primary until a replica answers", cause.toString());
            probeNow();
        }
    }

    /**
     * A read's pooled connection broke: its replica is probably gone, and so are the other pooled
     * connections to it, which the pool would hand out without checking if they were used in the
     * last half second. Renew the pool and probe at once.
     */
    void connectionBroke() {
        readPool.getHikariPoolMXBean().softEvictConnections();
        probeNow();
    }

    private void probeNow() {
        try {
            scheduler.schedule(this::probeAll, Instant.now());
        } catch (RejectedExecutionException e) {
            // The scheduler stops as shutdown begins, while requests still drain: their reads must not fail for a probe.
            log.debug("Replica probe not scheduled, the service is stopping");
        }
    }

    private boolean anyUp() {
        return states.values().stream().anyMatch(ReplicaState::up);
    }

    private String primaryLsn() {
        try (Connection connection = connect(primary.forHost(primary.hosts().get(0)));
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private ReplicaState probe(String host, String primaryLsn) {
        try (Connection connection = connect(replicaTemplate.forHost(host));
             Statement statement = connection.createStatement()) {
            long lag = -1;
            boolean inRecovery;
            try (ResultSet rs = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                inRecovery = rs.getBoolean(1);
            }
            if (inRecovery && primaryLsn != null) {
                try (ResultSet rs = statement.executeQuery(
                        "SELECT pg_wal_lsn_diff('" + primaryLsn + "'::pg_lsn, pg_last_wal_replay_lsn())::bigint")) {
                    rs.next();
                    lag = Math.max(0, rs.getLong(1));
                }
            }
            // A server that left recovery (promoted) is no replica: the read pool will not use it.
            return new ReplicaState(inRecovery, inRecovery, lag, inRecovery ? null : "not in recovery");
        } catch (SQLException e) {
            return new ReplicaState(false, false, -1, e.getMessage());
        }
    }

    private Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (String host : replicaHosts) {
            ReplicaState state = states.get(host);
            if (state == null) {
                details.put(host, "UNKNOWN");
                continue;
            }
            details.put(host, state.up() ? Map.of("status", "UP", "lagBytes", state.lagBytes()) : Map.of("status", "DOWN"));
        }
        details.put("readsOnReplicas", replicasAvailable());
        return (anyUp() ? Health.up() : Health.down()).withDetails(details).build();
    }

    @Override
    public void destroy() {
        probes.cancel(false);
    }
}
