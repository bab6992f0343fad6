package com.litper.local;

import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalPostgres;
import com.litper.embedded.LocalRedis;
import com.litper.embedded.LocalRedisSentinel;
import com.litper.embedded.LocalReplica;
import com.litper.embedded.RedisCommands;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * PostgreSQL and Redis for the local suite, real servers from Maven artifacts, with their data in
 * the suite's data directory. Started first and stopped last (lowest lifecycle phase).
 */
class LocalInfrastructure implements SmartLifecycle {

    /** Database that every service connects to; each service migrates its own schema in it. */
    static final String DATABASE = "litper";

    private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

    private final LocalSuiteProperties properties;
    private LocalPostgres postgres;
    private LocalPostgres replica;
    private LocalRedis redis;
    private LocalRedisSentinel sentinel;

    LocalInfrastructure(LocalSuiteProperties properties) {
        this.properties = properties;
    }

    Path postgresData() {
        return properties.data().resolve("postgres");
    }

    Path replicaData() {
        return properties.data().resolve("postgres-replica");
    }

    Path redisData() {
        return properties.data().resolve("redis");
    }

    @Override
    public synchronized void start() {
        StaleProcesses.stop(replicaData().resolve("postmaster.pid"), "postgres");
        StaleProcesses.stop(postgresData().resolve("postmaster.pid"), "postgres");
        StaleProcesses.stop(LocalRedis.pidFile(redisData()), "redis-server");
        requireFree(properties.postgresPort(), "PostgreSQL", "litper.local.postgres-port");
        if (!properties.redisSentinel()) {
            requireFree(properties.redisPort(), "Redis", "litper.local.redis-port");
        }
        postgres = LocalPostgres.start(postgresData(), properties.postgresPort(), properties.durable());
        postgres.createDatabaseIfMissing(DATABASE);
        log.info("PostgreSQL runs with fsync and synchronous_commit {}", properties.durable()
                ? "on (litper.local.durable=true)" : "off (the embedded server's test settings; litper.local.durable=true turns them on)");
        if (properties.replica()) {
            requireFree(properties.replicaPort(), "The PostgreSQL replica", "litper.local.replica-port");
            replica = LocalReplica.start(postgres, replicaData(), properties.replicaPort(), "local_replica");
            log.info("PostgreSQL replica on {}, streaming from the primary", replica.port());
        }
        if (properties.redisSentinel()) {
            sentinel = LocalRedisSentinel.startAsDeployed();
            log.info("PostgreSQL on {}, data in {}; Redis master on {}, its replicas on {}, sentinels {}", postgres.port(),
                    properties.data(), sentinel.masterPort(), sentinel.replicaPorts(), sentinel.sentinelNodes());
        } else {
            redis = LocalRedis.start(redisData(), properties.redisPort());
            log.info("PostgreSQL on {} and Redis on {}, data in {}", postgres.port(), redis.port(), properties.data());
        }
    }

    private static void requireFree(int port, String what, String property) {
        if (!FreePorts.isFree(port)) {
            throw new IllegalStateException(what + " cannot listen on port " + port + ": something else uses it. "
                    + "Stop it, or pick another port with --" + property + "=<port>.");
        }
    }

    @Override
    public synchronized void stop() {
        if (redis != null) {
            quietly(redis::stop, "Redis");
            redis = null;
        }
        if (sentinel != null) {
            quietly(sentinel::close, "Redis Sentinel");
            sentinel = null;
        }
        if (replica != null) {
            quietly(replica::stop, "the PostgreSQL replica");
            replica = null;
        }
        if (postgres != null) {
            quietly(postgres::stop, "PostgreSQL");
            postgres = null;
        }
    }

    private static void quietly(Runnable stop, String what) {
        try {
            stop.run();
        } catch (RuntimeException e) {
            // Ctrl-C reaches the servers too; one that already stopped on its own is fine.
            log.debug("{} was already stopping", what, e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return postgres != null;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + properties.postgresPort() + "/" + DATABASE;
    }

    /** JDBC URL of the replica, or null when the suite runs without one. */
    String replicaJdbcUrl() {
        return properties.replica() ? "jdbc:postgresql://127.0.0.1:" + properties.replicaPort() + "/" + DATABASE : null;
    }

    /**
     * The demo store's API key: made once, kept in the data directory so it stays valid across
     * runs (api-service creates the demo store with it on first start).
     */
    String demoApiKey() {
        Path file = properties.data().resolve("demo-api-key");
        try {
            if (java.nio.file.Files.isRegularFile(file)) {
                return java.nio.file.Files.readString(file).trim();
            }
            byte[] random = new byte[24];
            new java.security.SecureRandom().nextBytes(random);
            String key = "lp_live_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, key);
            return key;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot keep the demo API key in " + file, e);
        }
    }

    /** The key api-service signs access tokens with, kept in the data directory. */
    LocalSigningKeys signingKeys() {
        return LocalSigningKeys.keptIn(properties.data().resolve("signing-keys.json"));
    }

    /** The demo store owner's email (api-service creates the owner with {@link #demoOwnerPassword()}). */
    String demoOwnerEmail() {
        return "owner@demo.litper.local";
    }

    /** The demo store owner's password: made once, kept in the data directory, printed when the suite is up. */
    String demoOwnerPassword() {
        return keptPassword("demo-owner-password");
    }

    /** The name of the local operator, who can read the dead letters and create stores. */
    String operatorName() {
        return "local";
    }

    /** The local operator's password: made once, kept in the data directory, printed when the suite is up. */
    String operatorPassword() {
        return keptPassword("operator-password");
    }

    /**
     * The key that signs analytics-service's report download links: made once, kept in the data
     * directory (owner-only), so a link stays valid when the suite restarts analytics-service.
     */
    String reportsSigningSecret() {
        String secret = keptSecret("reports-signing-secret", 32);
        try {
            java.nio.file.Files.setPosixFilePermissions(properties.data().resolve("reports-signing-secret"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the data directory's own permissions apply.
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot restrict " + properties.data().resolve("reports-signing-secret"), e);
        }
        return secret;
    }

    private String keptPassword(String name) {
        return keptSecret(name, 18);
    }

    private String keptSecret(String name, int bytes) {
        Path file = properties.data().resolve(name);
        try {
            if (java.nio.file.Files.isRegularFile(file)) {
                return java.nio.file.Files.readString(file).trim();
            }
            byte[] random = new byte[bytes];
            new java.security.SecureRandom().nextBytes(random);
            String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, password);
            return password;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot keep a password in " + file, e);
        }
    }

    String redisUrl() {
        return properties.redisSentinel() && sentinel != null ? sentinel.url() : "redis://127.0.0.1:" + properties.redisPort();
    }

    /** How a service finds Redis: its URL, or with Sentinel the master's name and the sentinels (as the chart sets them). */
    synchronized Map<String, String> redisEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (sentinel != null) {
            env.put("SPRING_DATA_REDIS_SENTINEL_MASTER", LocalRedisSentinel.MASTER_NAME);
            env.put("SPRING_DATA_REDIS_SENTINEL_NODES", String.join(",", sentinel.sentinelNodes()));
        } else {
            env.put("LITPER_REDIS_URL", redisUrl());
        }
        return env;
    }

    // Faults for infrastructure/chaos (ChaosController): what a real cluster does to its servers.

    /** Stops the PostgreSQL replica (fast shutdown); reads fall back to the primary. */
    synchronized void stopReplica() {
        requireReplica().stop();
    }

    /** Starts the stopped replica again on its data; it catches up from its replication slot. */
    synchronized void startReplica() {
        requireReplica().start();
    }

    private LocalPostgres requireReplica() {
        if (replica == null) {
            throw new IllegalStateException("The suite runs without a PostgreSQL replica (litper.local.replica=false)");
        }
        return replica;
    }

    /** Stops the PostgreSQL primary (fast shutdown: sessions are cut), waits {@code down}, starts it again. */
    void restartPrimary(Duration down) throws InterruptedException {
        LocalPostgres primary;
        synchronized (this) {
            primary = postgres;
        }
        primary.stop();
        Thread.sleep(down.toMillis());
        primary.start();
    }

    /**
     * Freezes the Redis master for {@code frozen} (SIGSTOP, then SIGCONT), as a stalled node or a
     * long pause would: connections stay open and nothing answers.
     */
    void freezeRedis(Duration frozen) throws InterruptedException {
        ProcessHandle master = redisMasterProcess();
        Signals.send("STOP", master.pid());
        try {
            Thread.sleep(frozen.toMillis());
        } finally {
            Signals.send("CONT", master.pid());
        }
    }

    /** Kills the Redis master; the sentinels promote its replica. Returns the killed server's port. */
    synchronized int killRedisMaster() {
        return requireSentinel().killCurrentMaster();
    }

    /** Starts the killed Redis server again as a replica of the new master. */
    synchronized void restartKilledRedis() {
        requireSentinel().restartKilled();
    }

    private LocalRedisSentinel requireSentinel() {
        if (sentinel == null) {
            throw new IllegalStateException("The suite runs one Redis without Sentinel (litper.local.redis-sentinel=false)");
        }
        return sentinel;
    }

    /** The process of the current Redis master, from its own {@code INFO server}. */
    ProcessHandle redisMasterProcess() {
        int port;
        synchronized (this) {
            port = sentinel != null ? sentinel.currentMasterPort() : properties.redisPort();
        }
        try {
            long pid = RedisCommands.processId(port);
            return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("Redis on port " + port + " has no process " + pid));
        } catch (IOException e) {
            throw new IllegalStateException("Redis on port " + port + " did not answer INFO", e);
        }
    }

    /** The server processes, for the memory report. */
    java.util.List<ProcessHandle> processes() {
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>();
        StaleProcesses.fromPidFile(postgresData().resolve("postmaster.pid")).ifPresent(p -> {
            all.add(p);
            p.descendants().forEach(all::add);
        });
        StaleProcesses.fromPidFile(replicaData().resolve("postmaster.pid")).ifPresent(p -> {
            all.add(p);
            p.descendants().forEach(all::add);
        });
        StaleProcesses.fromPidFile(LocalRedis.pidFile(redisData())).ifPresent(all::add);
        return all;
    }
}
