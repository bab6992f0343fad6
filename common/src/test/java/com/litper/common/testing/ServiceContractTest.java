package com.litper.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.security.PublicEndpoints;
import com.litper.embedded.EmbeddedInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.server.PathContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.JsonNode;

/**
 * What every Litper service promises, run by each service's own test against real PostgreSQL and
 * Redis: probes, metrics, problem+json errors, the shared security rules, the shared defaults, and
 * (for services that own data) a schema of its own migrated by Flyway.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServiceContractTest {

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @Autowired
    protected ConfigurableEnvironment environment;

    @Autowired
    protected ObjectProvider<DataSource> dataSource;

    @Autowired
    private ObjectProvider<RequestMappingHandlerMapping> handlerMappings;

    /** The service's {@code spring.application.name}. */
    protected abstract String serviceName();

    /** The schema the service owns, or null for a service that owns no data. */
    protected abstract String ownedSchema();

    /**
     * Whether the service's readiness includes Redis: true where its requests need Redis, false where
     * they are served without it (docs/operations.md, "Readiness").
     */
    protected boolean readinessNeedsRedis() {
        return true;
    }

    /** Tables the service's migrations must have created in its schema. */
    protected List<String> ownedTables() {
        return List.of();
    }

    protected Http http() {
        return Http.localhost(port);
    }

    /** The management port, where the actuator endpoints live (9000 in a pod). */
    protected Http management() {
        return Http.localhost(managementPort);
    }

    @Test
    void livenessAndReadinessAnswerOnTheApplicationPort() {
        Http.Response health = http().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");

        Http.Response ready = http().get("/ready");
        assertThat(ready.status()).isEqualTo(200);
        JsonNode components = ready.json().path("components");
        if (readinessNeedsRedis()) {
            assertThat(components.path("redis").path("status").asString()).isEqualTo("UP");
        } else {
            assertThat(components.has("redis")).as("a service that serves its requests without Redis must not wait for it").isFalse();
        }
        if (ownedSchema() != null) {
            assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        } else {
            assertThat(components.has("db")).as("a service without data must not wait for a database").isFalse();
        }
    }

    @Test
    void exposesPrometheusMetricsTaggedWithTheServiceNameOnTheManagementPortOnly() {
        http().get("/health");
        assertThat(managementPort).isNotEqualTo(port);
        Http.Response metrics = management().get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"" + serviceName() + "\"");
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        // The application port (the one the Ingress routes to) has no actuator endpoint at all.
        assertThat(http().get("/actuator/prometheus").status()).isEqualTo(404);
        assertThat(http().get("/actuator/info", TestTokens.bearer(TestTokens.operator())).status()).isEqualTo(404);
    }

    @Test
    void unknownPathsAnswerProblemJson() {
        Http.Response response = http().get("/no/such/endpoint", java.util.Map.of("X-Request-Id", "contract-404"));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).contains("/no/such/endpoint");
        assertThat(response.json().path("requestId").asString()).isEqualTo("contract-404");
        assertThat(response.header("X-Request-Id")).isEqualTo("contract-404");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at com.");
    }

    @Test
    void protectedPathsRefuseAnonymousCallersWithAProblem() {
        Http.Response response = http().get("/api/contract-protected-path");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(http().get("/agents/contract-protected-path").status()).isEqualTo(401);
    }

    @Test
    void aValidStoreTokenPassesTheSecurityRules() {
        // No handler there: a 404 shows the request got past authentication and authorization.
        Http.Response response = http().get("/api/contract-protected-path", TestTokens.bearer(TestTokens.owner(UUID.randomUUID())));
        assertThat(response.status()).isEqualTo(404);
        assertThat(http().get("/api/contract-protected-path", TestTokens.bearer(TestTokens.builder().signedByStranger().sign())).status()).isEqualTo(401);
    }

    @Test
    void actuatorEndpointsOtherThanProbesAndMetricsAreForOperators() {
        assertThat(management().get("/actuator/info").status()).isEqualTo(401);
        Http.Response store = management().get("/actuator/info", TestTokens.bearer(TestTokens.owner(UUID.randomUUID())));
        assertThat(store.status()).isEqualTo(403);
        assertThat(store.contentType()).startsWith("application/problem+json");
        assertThat(management().get("/actuator/info", TestTokens.bearer(TestTokens.operator())).status()).isEqualTo(200);
        assertThat(management().get("/actuator/health").status()).isEqualTo(200);
    }

    /** A new controller outside /api and /agents would be reachable without credentials: each must be listed as public. */
    @Test
    void everyHandlerIsProtectedOrListedAsPublic() {
        List<PathPattern> publicPatterns = PublicEndpoints.patterns().stream().map(PathPatternParser.defaultInstance::parse).toList();
        List<String> open = new ArrayList<>();
        handlerMappings.orderedStream().forEach(mapping -> mapping.getHandlerMethods().keySet().forEach(info -> {
            for (String pattern : info.getPatternValues()) {
                boolean protectedPrefix = pattern.equals("/api") || pattern.startsWith("/api/")
                        || pattern.equals("/agents") || pattern.startsWith("/agents/");
                boolean listed = publicPatterns.stream().anyMatch(p -> p.matches(PathContainer.parsePath(pattern)));
                if (!protectedPrefix && !listed && !pattern.equals(environment.getProperty("server.error.path", "/error"))) {
                    open.add(pattern);
                }
            }
        }));
        assertThat(open).as("handlers outside /api/**, /agents/** and PublicEndpoints").isEmpty();
    }

    @Test
    void startsFromTheSharedDefaults() {
        assertThat(environment.getProperty("spring.application.name")).isEqualTo(serviceName());
        // The test runs on a random port; the default every service ships with is 8000.
        assertThat(environment.getPropertySources().get("litperDefaults").getProperty("server.port")).isEqualTo("8000");
        assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
    }

    @Test
    void ownsItsSchemaMigratedByFlyway() throws SQLException {
        String schema = ownedSchema();
        if (schema == null) {
            assertThat(dataSource.getIfAvailable()).as("a service without data has no DataSource").isNull();
            return;
        }
        try (Connection connection = dataSource.getObject().getConnection()) {
            List<String> tables = new ArrayList<>();
            // A partitioned table (analytics.event) is its own table type in pgjdbc's metadata.
            try (ResultSet rs = connection.getMetaData().getTables(null, schema, "%", new String[] {"TABLE", "PARTITIONED TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).contains("flyway_schema_history").containsAll(ownedTables());
        }
    }
}
