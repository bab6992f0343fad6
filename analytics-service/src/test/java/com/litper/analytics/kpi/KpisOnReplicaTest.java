package com.litper.analytics.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.analytics.facts.FactsTestSupport;
import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
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
import tools.jackson.databind.JsonNode;

/**
 * The KPI endpoint reads a streaming replica of the embedded PostgreSQL: with the replica's replay
 * paused, rollups deleted on the primary are still what the endpoint answers.
 */
@Slow
@DirtiesContext
class KpisOnReplicaTest extends FactsTestSupport {

    private static final String SLOT = "analytics_kpis_replica";
    private static LocalPostgres replica;
    private static Path data;

    @DynamicPropertySource
    static void replica(DynamicPropertyRegistry registry) throws Exception {
        data = Files.createTempDirectory("analytics-kpis-replica");
        replica = LocalReplica.start(EmbeddedInfrastructure.postgres(), data, FreePorts.next(), SLOT);
        registry.add("litper.db.replica-urls", () -> replica.jdbcUrl("postgres"));
        registry.add("litper.db.fallback-to-primary", () -> "false");
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

    private static long onReplica(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(replica.jdbcUrl("postgres"), LocalPostgres.USER, "");
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private JsonNode kpis(UUID store) {
        Http.Response response = Http.localhost(port).get("/api/analytics/kpis?from=2025-03-17&to=2025-03-23&groupBy=carrier",
                TestTokens.bearer(TestTokens.owner(store)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void kpisAreReadFromTheReplica() throws Exception {
        UUID store = UUID.randomUUID();
        knownHistory(store);
        jobs.incremental();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                onReplica("SELECT count(*) FROM analytics.daily_rollup WHERE store_id = '" + store + "'") == 3);
        assertThat(kpis(store).path("total").path("shipments").asLong()).isEqualTo(3);

        onReplica("SELECT 1 FROM (SELECT pg_wal_replay_pause()) p");
        try {
            jdbc.update("DELETE FROM analytics.daily_rollup WHERE store_id = ?", store);
            // The primary has no rollups of the store any more; the paused replica still has them.
            assertThat(kpis(store).path("total").path("shipments").asLong()).isEqualTo(3);
        } finally {
            onReplica("SELECT 1 FROM (SELECT pg_wal_replay_resume()) p");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kpis(store).path("total").isNull()).isTrue());
    }
}
