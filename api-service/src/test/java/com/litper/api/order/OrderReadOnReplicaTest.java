package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.ApiTestSupport;
import com.litper.api.store.ApiKeys;
import com.litper.common.testing.Http;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalPostgres;
import com.litper.embedded.LocalReplica;
import com.litper.embedded.Slow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /api/orders/{id}} is one autocommit statement, not a transaction, and still reads a
 * streaming replica of the embedded PostgreSQL when the service has one: with the replica's replay
 * paused, a change made on the primary is not what the endpoint answers until replay resumes.
 */
@Slow
@DirtiesContext
class OrderReadOnReplicaTest extends ApiTestSupport {

    private static final String SLOT = "api_orders_replica";
    private static LocalPostgres replica;
    private static Path data;

    @DynamicPropertySource
    static void replica(DynamicPropertyRegistry registry) throws Exception {
        data = Files.createTempDirectory("api-orders-replica");
        replica = LocalReplica.start(EmbeddedInfrastructure.postgres(), data, FreePorts.next(), SLOT);
        registry.add("litper.db.replica-urls", () -> replica.jdbcUrl("postgres"));
        registry.add("litper.db.fallback-to-primary", () -> "false");
        // Reads right after the client's own write would go to the primary for this long; none here.
        registry.add("litper.db.read-your-writes-window", () -> "0s");
    }

    @AfterAll
    static void stopReplica() throws Exception {
        replica.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        try (Connection primary = DriverManager.getConnection(EmbeddedInfrastructure.postgres().jdbcUrl("postgres"), LocalPostgres.USER, "")) {
            primary.createStatement().execute("SELECT pg_drop_replication_slot('" + SLOT + "')");
        }
    }

    private static String onReplica(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(replica.jdbcUrl("postgres"), LocalPostgres.USER, "");
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private String buyerName(ApiKeys.NewKey store, String id) {
        Http.Response response = get(store.key(), "/api/orders/" + id);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().path("buyer").path("name").asString();
    }

    @Test
    void anOrderIsReadFromTheReplica() throws Exception {
        ApiKeys.NewKey store = newStore();
        // Keys are looked up on the replica too.
        await().atMost(Duration.ofSeconds(30)).until(() -> onReplica("SELECT id FROM api.api_key WHERE id = '" + store.id() + "'") != null);
        Http.Response created = post(store.key(), "/api/orders", order());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().path("id").asString();
        String name = created.json().path("buyer").path("name").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> onReplica("SELECT buyer_name FROM api.orders WHERE id = '" + id + "'") != null);
        assertThat(buyerName(store, id)).isEqualTo(name);

        onReplica("SELECT 1 FROM (SELECT pg_wal_replay_pause()) p");
        try {
            jdbc.sql("UPDATE api.orders SET buyer_name = 'Renombrada' WHERE id = :id").param("id", UUID.fromString(id)).update();
            // The primary has the new name; the paused replica, and so the endpoint, the old one.
            assertThat(buyerName(store, id)).isEqualTo(name);
        } finally {
            onReplica("SELECT 1 FROM (SELECT pg_wal_replay_resume()) p");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(buyerName(store, id)).isEqualTo("Renombrada"));
    }
}
