package com.litper.common.db;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.core.BaseConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Probes every replica on its own connection at a fixed interval: is it up, is it a replica, how
 * many bytes of the primary's WAL it has yet to replay. When a replica goes down or comes back,
 * the read pool's connections are renewed, so reads leave a dead replica at once and return to a
 * recovered one within an interval instead of staying on the primary for a connection's lifetime.
 * Reported as {@code /actuator/health} component {@code replicas} (not part of readiness: the
 * primary can serve reads) and as gauges.
 */
class ReplicaMonitor implements HealthIndicator, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

    record ReplicaState(boolean up, boolean inRecovery, long lagBytes, String error) {
    }

    private final PostgresUrl primary;
    private final List<String> replicaHosts;
    private final PostgresUrl replicaTemplate;
    private final Properties credentials;
    private final HikariDataSource readPool;
    private final Map<String, ReplicaState> states = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private volatile long lastRenewal = System.nanoTime() - HOST_RECHECK.toNanos();

    /** pgjdbc's hostRecheckSeconds in the read URL ({@link PostgresUrl#readUrl}), plus a margin. */
    static final java.time.Duration HOST_RECHECK = java.time.Duration.ofMillis(PostgresUrl.HOST_RECHECK_SECONDS * 1000L + 500);

    ReplicaMonitor(PostgresUrl primary, List<PostgresUrl> replicas, Properties credentials, HikariDataSource readPool,
            MeterRegistry meters, java.time.Duration interval) {
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
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "litper-replica-monitor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void probeAll() {
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
        } catch (RuntimeException e) {
            log.warn("Replica probe failed", e);
        }
    }

    /**
     * Called with every connection the read route hands out. One that reached the primary (pgjdbc's
     * fallback, while no replica accepted connections) serves this read, but while a replica may
     * be up the read pool is renewed, at most once per pgjdbc host-recheck period, so that reads
     * return to the replicas instead of staying on the primary for a connection's lifetime.
     */
    void checkReadConnection(Connection connection) {
        String host = hostOf(connection);
        if (host == null || replicaHosts.contains(host) || !mayHaveReplicaUp()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastRenewal < HOST_RECHECK.toNanos()) {
            return;
        }
        lastRenewal = now;
        log.info("A read connection is on the primary ({}) while a replica may be up; renewing the read pool", host);
        readPool.getHikariPoolMXBean().softEvictConnections();
    }

    private boolean mayHaveReplicaUp() {
        // Before the first probe nothing is known: a replica may well be up.
        return states.isEmpty() || states.values().stream().anyMatch(ReplicaState::up);
    }

    private static String hostOf(Connection connection) {
        try {
            return connection.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec().toString();
        } catch (SQLException | RuntimeException e) {
            return null;
        }
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
            return new ReplicaState(true, inRecovery, lag, null);
        } catch (SQLException e) {
            return new ReplicaState(false, false, -1, e.getMessage());
        }
    }

    private Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    Map<String, ReplicaState> states() {
        return Map.copyOf(states);
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean anyUp = false;
        for (String host : replicaHosts) {
            ReplicaState state = states.get(host);
            if (state == null) {
                details.put(host, "UNKNOWN");
                continue;
            }
            anyUp |= state.up();
            details.put(host, state.up() ? Map.of("status", "UP", "lagBytes", state.lagBytes(), "inRecovery", state.inRecovery())
                    : Map.of("status", "DOWN"));
        }
        return (anyUp ? Health.up() : Health.down()).withDetails(details).build();
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
