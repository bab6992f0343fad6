package com.litper.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.LocalPostgres;
import com.litper.embedded.Slow;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * Primary/replica routing against real streaming replication: a primary and a replica made from
 * the embedded PostgreSQL binaries, faults injected by stopping servers and pausing WAL replay.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(classes = RoutingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Slow
class DatabaseRoutingTest {

    private static ReplicatedPostgres cluster;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws Exception {
        cluster = ReplicatedPostgres.start();
        registry.add("spring.datasource.url", () -> cluster.primary.jdbcUrl("postgres"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("litper.db.replica-urls", () -> cluster.replicaUrls());
        // A pool large enough that its connections land on both replicas (pgjdbc picks at random).
        registry.add("litper.db.replica-pool-size", () -> "16");
        registry.add("litper.db.replica-connect-timeout", () -> "1s");
        registry.add("litper.db.monitor-interval", () -> "500ms");
        registry.add("litper.db.read-your-writes-window", () -> "30s");
        // The specification's 10 s statement timeout, shortened so the test does not wait for it.
        registry.add("spring.datasource.hikari.data-source-properties.options", () -> "-c statement_timeout=1000");
        registry.add("spring.flyway.enabled", () -> "true");
        registry.add("spring.flyway.locations", () -> "classpath:db/routingtest");
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    DataSource dataSource;

    @Autowired
    @Qualifier("primaryDataSource")
    HikariDataSource primaryPool;

    @Autowired
    Flyway flyway;

    @Autowired
    MeterRegistry meters;

    @AfterEach
    void healCluster() throws Exception {
        cluster.primary.start();
        cluster.replicas.forEach(LocalPostgres::start);
        cluster.onReplicas("SELECT pg_wal_replay_resume()");
        // The next test starts with reads back on the replicas.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(this::readsOnReplica);
    }

    private Http http() {
        return Http.localhost(port);
    }

    /** One access token per client, minted once: read-your-writes follows a client by its Authorization header. */
    private static final Map<String, String> TOKENS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String token(String client) {
        return TOKENS.computeIfAbsent(client, name -> TestTokens.builder().subject("test:" + name).sign());
    }

    private static Map<String, String> as(String client) {
        return Map.of("Authorization", "Bearer " + token(client));
    }

    private Http.Response write(String text, String client) {
        return http().send(java.net.http.HttpRequest.newBuilder(http().uri("/notes"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")),
                client == null ? Map.of("Content-Type", "application/json")
                        : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token(client)));
    }

    private boolean readsOnReplica() {
        return http().get("/notes/where").json().path("inRecovery").asBoolean();
    }

    @Test
    void readOnlyTransactionsRunOnTheReplicaAndWritesOnThePrimary() {
        assertThat(dataSource).isInstanceOf(LazyConnectionDataSourceProxy.class);
        for (int i = 0; i < 20; i++) {
            JsonNode where = http().get("/notes/where").json();
            assertThat(where.path("inRecovery").asBoolean()).as("read %d", i).isTrue();
            assertThat(where.path("port").asInt()).isIn(cluster.replicaPorts());
        }
        Http.Response written = write("routing-" + UUID.randomUUID(), "writer");
        assertThat(written.status()).isEqualTo(201);
        assertThat(written.json().path("inRecovery").asBoolean()).isFalse();
        assertThat(written.json().path("port").asInt()).isEqualTo(cluster.primary.port());
        assertThat(meters.get(RoutingMetrics.CONNECTIONS).tag("pool", "replica").tag("route", "read").counter().count())
                .isGreaterThanOrEqualTo(20);
        assertThat(meters.get(RoutingMetrics.CONNECTIONS).tag("pool", "primary").tag("route", "write").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void readConnectionsAreSpreadOverTheReplicas() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (LocalPostgres replica : cluster.replicas) {
                assertThat(ReplicatedPostgres.clientConnections(replica)).as("connections on replica %d", replica.port()).isPositive();
            }
        });
    }

    @Test
    void aWriteOnThePrimaryBecomesVisibleOnTheReplica() {
        String text = "replicated-" + UUID.randomUUID();
        assertThat(write(text, "writer").status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> http().get("/notes", as("someone-else")).body().contains(text));
        assertThat(readsOnReplica()).isTrue();
    }

    @Test
    void flywayMigratesThePrimaryOnly() {
        assertThat(flyway.getConfiguration().getDataSource()).isInstanceOf(MigrationDataSource.class);
        assertThat(((MigrationDataSource) flyway.getConfiguration().getDataSource()).getTargetDataSource()).isSameAs(primaryPool);
    }

    @Test
    void clientsReadTheirOwnWritesWhileTheReplicaLags() throws Exception {
        cluster.onReplicas("SELECT pg_wal_replay_pause()");
        String text = "lagging-" + UUID.randomUUID();

        Http.Response sameRequest = http().send(java.net.http.HttpRequest.newBuilder(http().uri("/notes?thenRead=true"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"text\":\"" + text + "\"}")),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token("store-a")));
        assertThat(sameRequest.status()).isEqualTo(201);
        assertThat(sameRequest.json().path("readAfterWrite").toString()).as("same request").contains(text);

        // The next request of the same client still sees it: its reads go to the primary.
        assertThat(http().get("/notes", as("store-a")).body()).as("same client, next request").contains(text);
        assertThat(http().get("/notes/where", as("store-a")).json().path("inRecovery").asBoolean()).isFalse();
        // Another client reads the paused replica, which has not replayed the write: the lag is real.
        assertThat(http().get("/notes", as("store-b")).body()).as("other client").doesNotContain(text);
        assertThat(http().get("/notes/where", as("store-b")).json().path("inRecovery").asBoolean()).isTrue();

        cluster.onReplicas("SELECT pg_wal_replay_resume()");
        await().atMost(Duration.ofSeconds(10)).until(() -> http().get("/notes", as("store-b")).body().contains(text));
    }

    @Test
    void deadReplicasCostNoFailedReadAndReadsReturnWhenTheyAreBack() {
        LocalPostgres first = cluster.replicas.get(0);
        LocalPostgres second = cluster.replicas.get(1);
        assertThat(readsOnReplica()).isTrue();

        long killedAt = System.nanoTime();
        first.stop();
        Outage oneDown = readDuring(killedAt);
        assertThat(oneDown.failures()).as("reads that failed with one replica down").isZero();
        assertThat(oneDown.ports()).as("served by the other replica").containsOnly(second.port());

        killedAt = System.nanoTime();
        second.stop();
        Outage bothDown = readDuring(killedAt);
        assertThat(bothDown.failures()).as("reads that failed with both replicas down").isZero();
        assertThat(bothDown.ports()).as("served by the primary").containsOnly(cluster.primary.port());
        System.out.printf("replica-failover one_down_first_read_ms=%.1f both_down_first_read_ms=%.1f%n",
                oneDown.firstReadMillis(), bothDown.firstReadMillis());

        cluster.replicas.forEach(LocalPostgres::start);
        long restartedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(this::readsOnReplica);
        System.out.printf("replica-return reads_back_on_replica_ms=%.1f%n", (System.nanoTime() - restartedAt) / 1e6);
    }

    record Outage(int failures, java.util.Set<Integer> ports, double firstReadMillis) {
    }

    /** 30 reads right after a fault injected at {@code faultAt}: how many failed, which servers answered. */
    private Outage readDuring(long faultAt) {
        int failures = 0;
        double firstRead = -1;
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        for (int i = 0; i < 30; i++) {
            Http.Response read = http().get("/notes/where");
            if (read.status() != 200) {
                failures++;
                continue;
            }
            if (firstRead < 0) {
                firstRead = (System.nanoTime() - faultAt) / 1e6;
            }
            ports.add(read.json().path("port").asInt());
        }
        return new Outage(failures, ports, firstRead);
    }

    @Test
    void aPrimaryOutageFailsWritesWith503WhileReadsGoOn() {
        cluster.primary.stop();

        Http.Response refused = write("during-outage", "writer");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        assertThat(refused.json().path("detail").asString()).contains("database");
        assertThat(refused.body()).doesNotContain("Exception");

        Http.Response read = http().get("/notes");
        assertThat(read.status()).isEqualTo(200);
        assertThat(readsOnReplica()).isTrue();
        assertThat(http().get("/ready").status()).as("still ready: reads work").isEqualTo(200);

        cluster.primary.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> write("after-outage", "writer").status() == 201);
    }

    @Test
    void aStatementOverTheTimeoutIsA503NotAHang() {
        Http.Response slow = http().get("/notes/slow?seconds=3");
        assertThat(slow.status()).isEqualTo(503);
        assertThat(slow.header("Retry-After")).isEqualTo("5");
        assertThat(http().get("/notes/slow?seconds=0.1").status()).isEqualTo(200);
    }

    @Test
    void poolsAndReplicaLagAreMetrics() {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String prometheus = Http.localhost(managementPort).get("/actuator/prometheus").body();
            assertThat(prometheus).contains("hikaricp_connections{").contains("pool=\"primary\"").contains("pool=\"replica\"");
            assertThat(prometheus).contains("litper_db_replica_lag_bytes{").contains("litper_db_replica_up{");
            assertThat(meters.get(RoutingMetrics.REPLICA_UP).gauge().value()).isEqualTo(1.0);
            assertThat(meters.get(RoutingMetrics.REPLICA_LAG).gauge().value()).isGreaterThanOrEqualTo(0.0);
        });
    }
}
