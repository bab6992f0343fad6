package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * PostgreSQL's connection budget at the chart's HPA maxima: every pod of every component with a
 * datasource at its autoscaling maximum plus the rollout surge, with its pools full, and the
 * PgBouncer poolers' server connections, fit in max_connections of the CloudNativePG cluster
 * (infrastructure/postgres-ha/cluster.yaml) minus its reserved slots. Figures come from the rendered
 * chart (HPAs, rollout strategy, each container's environment) and from cluster.yaml and pooler.yaml,
 * so changing any of them changes the sum (docs/operations.md, "Connection budget").
 */
class ConnectionBudgetTest {

    static final Path POSTGRES = PostgresBackupTest.POSTGRES;

    /**
     * Connections outside the services that still take ordinary slots: CloudNativePG's instance
     * manager (status checks, the metrics exporter, backups) and an operator's psql sessions.
     */
    static final int OPERATOR_HEADROOM = 10;

    /** Flyway holds two connections while it migrates, one of them for its lock. */
    static final int FLYWAY_CONNECTIONS = 2;

    private static final Pattern JDBC_HOST = Pattern.compile("jdbc:postgresql://([^:/,?]+)");

    @Test
    void theDefaultsFitInThePrimaryAndInEachReplica() {
        Budget budget = Budget.of(RenderedChart.defaults());
        System.out.println(budget.report());

        budget.assertFits();
        // The figures the docs' table shows (docs/operations.md, "Connection budget").
        assertThat(budget.primaryTotal()).isEqualTo(271);
        assertThat(budget.replicaTotal()).isEqualTo(177);
        assertThat(budget.available()).isEqualTo(287);
    }

    @Test
    void aComponentScaledPastTheBudgetFailsNamingItsFigures() {
        Budget budget = Budget.of(RenderedChart.with(Map.of("analytics.autoscaling.maxReplicas", 20)));

        assertThatThrownBy(budget::assertFits)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("primary")
                .hasMessageContaining("analytics: 25 pods (20 max + 5 surge) x (16 pool + 1 probe) = 425")
                .hasMessageContaining("exceeds 287");
    }

    @Test
    void aFanOutComponentTakenOffThePoolerFailsNamingItsFigures() {
        Budget budget = Budget.of(RenderedChart.with(Map.of("api.database.pooled", false)));

        assertThatThrownBy(budget::assertFits)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("api: 63 pods (50 max + 13 surge) x (10 pool + 1 probe) = 693");
    }

    @Test
    void pooledComponentsGoThroughThePoolersAndMigratePastThem() {
        RenderedChart chart = RenderedChart.defaults();
        for (String name : List.of("litper-api", "litper-agent-orchestrator", "litper-chat", "litper-tracking")) {
            Container container = container(chart.get(Deployment.class, name));
            assertThat(env(container, "LITPER_DB_URL")).as(name).contains("jdbc:postgresql://litper-db-pooler-rw:5432/litper?prepareThreshold=0");
            assertThat(env(container, "LITPER_DB_REPLICA_URLS")).as(name).contains("jdbc:postgresql://litper-db-pooler-ro:5432/litper?prepareThreshold=0");
            assertThat(env(container, "LITPER_DB_MIGRATION_URL")).as(name).contains("jdbc:postgresql://litper-db-rw:5432/litper");
            assertThat(env(container, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).as(name).contains("10");
            assertThat(env(container, "SPRING_FLYWAY_CONNECTRETRIES")).as(name).contains("10");
        }
        Container analytics = container(chart.get(Deployment.class, "litper-analytics"));
        assertThat(env(analytics, "LITPER_DB_URL")).contains("jdbc:postgresql://litper-db-rw:5432/litper");
        assertThat(env(analytics, "LITPER_DB_MIGRATION_URL")).isEmpty();
        assertThat(env(analytics, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).contains("16");
        assertThat(env(analytics, "LITPER_DB_REPLICAPOOLSIZE")).contains("10");

        // The poolers the chart's URLs name exist, pool per transaction and pass the statement timeout on.
        for (Pooler pooler : Pooler.all()) {
            assertThat(pooler.mode()).as(pooler.name()).isEqualTo("transaction");
            assertThat(pooler.parameters().path("track_extra_parameters").asString()).as(pooler.name()).contains("statement_timeout");
            assertThat(pooler.parameters().path("ignore_startup_parameters").asString()).as(pooler.name()).doesNotContain("options");
        }
        assertThat(Pooler.all()).extracting(Pooler::name).containsExactlyInAnyOrder("litper-db-pooler-rw", "litper-db-pooler-ro");
    }

    @Test
    void aPooledComponentWithItsOwnMigrationUrlMigratesThere() {
        RenderedChart chart = RenderedChart.with(Map.of(
                "database.pooler.migrationUrl", "jdbc:postgresql://litper-db-direct:5432/litper",
                "chat.database.poolSize", 4,
                "chat.database.replicaPoolSize", 3));
        Container chat = container(chart.get(Deployment.class, "litper-chat"));
        assertThat(env(chat, "LITPER_DB_MIGRATION_URL")).contains("jdbc:postgresql://litper-db-direct:5432/litper");
        assertThat(env(chat, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).contains("4");
        assertThat(env(chat, "LITPER_DB_REPLICAPOOLSIZE")).contains("3");
        assertThat(env(container(chart.get(Deployment.class, "litper-worker")), "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE")).isEmpty();
    }

    /** One component's pods at the HPA maximum plus the rollout surge, and its pools, from the rendered chart. */
    record Component(String name, int maxReplicas, int surge, int pool, int replicaPool, String primaryHost,
            Optional<String> replicaHost, Optional<String> migrationHost) {

        int pods() {
            return maxReplicas + surge;
        }

        String pods(int perPod, String what) {
            return "%s: %d pods (%d max + %d surge) x (%s + 1 probe) = %d"
                    .formatted(name, pods(), maxReplicas, surge, what, pods() * (perPod + 1));
        }
    }

    /** A CloudNativePG Pooler of pooler.yaml: PgBouncer pods and the server connections each may open. */
    record Pooler(String name, String type, String mode, int instances, int serverConnections, int maxClientConn, JsonNode parameters) {

        int total() {
            return instances * serverConnections;
        }

        static List<Pooler> all() {
            List<Pooler> poolers = new ArrayList<>();
            for (JsonNode document : documents(POSTGRES.resolve("pooler.yaml"))) {
                if (!"Pooler".equals(document.path("kind").asString())) {
                    continue;
                }
                JsonNode spec = document.path("spec");
                JsonNode parameters = spec.path("pgbouncer").path("parameters");
                // A PgBouncer pod opens at most max_db_connections; without it, its pool and reserve.
                int server = parameters.has("max_db_connections") && parameters.path("max_db_connections").asInt() > 0
                        ? parameters.path("max_db_connections").asInt()
                        : parameters.path("default_pool_size").asInt() + parameters.path("reserve_pool_size").asInt();
                poolers.add(new Pooler(document.path("metadata").path("name").asString(), spec.path("type").asString(),
                        spec.path("pgbouncer").path("poolMode").asString(), spec.path("instances").asInt(1), server,
                        parameters.path("max_client_conn").asInt(), parameters));
            }
            return poolers;
        }
    }

    /** The sums: what the primary and a single replica must hold, line by line. */
    record Budget(int maxConnections, int superuserReserved, int reserved, List<String> primary, int primaryTotal,
            List<String> replica, int replicaTotal, List<String> poolerClients, List<String> poolerOverflows) {

        int available() {
            return maxConnections - superuserReserved - reserved - OPERATOR_HEADROOM;
        }

        static Budget of(RenderedChart chart) {
            JsonNode cluster = documents(POSTGRES.resolve("cluster.yaml")).stream()
                    .filter(d -> "Cluster".equals(d.path("kind").asString())).findFirst().orElseThrow();
            JsonNode parameters = cluster.path("spec").path("postgresql").path("parameters");
            int maxConnections = Integer.parseInt(parameters.path("max_connections").asString("100"));
            int superuserReserved = Integer.parseInt(parameters.path("superuser_reserved_connections").asString("3"));
            int reserved = Integer.parseInt(parameters.path("reserved_connections").asString("0"));
            Map<String, Pooler> poolers = new LinkedHashMap<>();
            Pooler.all().forEach(p -> poolers.put(p.name(), p));

            List<String> primary = new ArrayList<>();
            List<String> replica = new ArrayList<>();
            int primaryTotal = 0;
            int replicaTotal = 0;
            Map<String, Integer> clients = new LinkedHashMap<>();
            Map<String, List<String>> clientLines = new LinkedHashMap<>();
            for (Component c : components(chart)) {
                Pooler rw = poolers.get(c.primaryHost());
                if (rw == null) {
                    primary.add(c.pods(c.pool(), c.pool() + " pool"));
                    primaryTotal += c.pods() * (c.pool() + 1);
                } else {
                    clients.merge(rw.name(), c.pods() * (c.pool() + 1), Integer::sum);
                    clientLines.computeIfAbsent(rw.name(), k -> new ArrayList<>()).add(c.pods(c.pool(), c.pool() + " pool"));
                }
                if (c.migrationHost().isPresent() && !poolers.containsKey(c.migrationHost().get())) {
                    primary.add("%s migrations: %d surge pods x %d Flyway connections = %d"
                            .formatted(c.name(), c.surge(), FLYWAY_CONNECTIONS, c.surge() * FLYWAY_CONNECTIONS));
                    primaryTotal += c.surge() * FLYWAY_CONNECTIONS;
                }
                if (c.replicaHost().isPresent()) {
                    Pooler ro = poolers.get(c.replicaHost().get());
                    if (ro == null) {
                        replica.add(c.pods(c.replicaPool(), c.replicaPool() + " replica pool"));
                        replicaTotal += c.pods() * (c.replicaPool() + 1);
                    } else {
                        clients.merge(ro.name(), c.pods() * (c.replicaPool() + 1), Integer::sum);
                        clientLines.computeIfAbsent(ro.name(), k -> new ArrayList<>())
                                .add(c.pods(c.replicaPool(), c.replicaPool() + " replica pool"));
                    }
                }
            }
            List<String> poolerClients = new ArrayList<>();
            List<String> overflows = new ArrayList<>();
            for (Pooler pooler : poolers.values()) {
                if (!clients.containsKey(pooler.name())) {
                    continue;
                }
                String line = "pooler %s: %d instances x %d server connections = %d"
                        .formatted(pooler.name(), pooler.instances(), pooler.serverConnections(), pooler.total());
                if ("ro".equals(pooler.type())) {
                    replica.add(line);
                    replicaTotal += pooler.total();
                } else {
                    primary.add(line);
                    primaryTotal += pooler.total();
                }
                int total = clients.get(pooler.name());
                poolerClients.add("pooler %s clients: %s = %d (max_client_conn %d on each PgBouncer pod)"
                        .formatted(pooler.name(), String.join("; ", clientLines.get(pooler.name())), total, pooler.maxClientConn()));
                // With one PgBouncer pod down the other takes every client.
                if (total > pooler.maxClientConn()) {
                    overflows.add("pooler %s: %d client connections exceed its max_client_conn %d"
                            .formatted(pooler.name(), total, pooler.maxClientConn()));
                }
            }
            return new Budget(maxConnections, superuserReserved, reserved, primary, primaryTotal, replica, replicaTotal,
                    poolerClients, overflows);
        }

        String report() {
            String limit = "max_connections %d - superuser_reserved_connections %d - reserved_connections %d - operator headroom %d = %d"
                    .formatted(maxConnections, superuserReserved, reserved, OPERATOR_HEADROOM, available());
            return "Connection budget at the HPA maxima plus the rollout surge\n"
                    + "  limit per instance: " + limit + "\n"
                    + "  primary:\n    " + String.join("\n    ", primary) + "\n    total " + primaryTotal + "\n"
                    + "  each replica (one replica down, the other takes every read):\n    " + String.join("\n    ", replica)
                    + "\n    total " + replicaTotal + "\n"
                    + "  " + String.join("\n  ", poolerClients);
        }

        void assertFits() {
            List<String> problems = new ArrayList<>(poolerOverflows);
            if (primaryTotal > available()) {
                problems.add("primary: " + primaryTotal + " connections exceeds " + available());
            }
            if (replicaTotal > available()) {
                problems.add("replica: " + replicaTotal + " connections exceeds " + available());
            }
            if (!problems.isEmpty()) {
                throw new AssertionError(String.join("\n", problems) + "\n" + report());
            }
        }
    }

    /** Every Deployment with a datasource, with its HPA's maximum and its rollout surge. */
    static List<Component> components(RenderedChart chart) {
        List<Component> components = new ArrayList<>();
        for (Deployment deployment : chart.all(Deployment.class)) {
            Container container = container(deployment);
            Optional<String> url = env(container, "LITPER_DB_URL");
            if (url.isEmpty()) {
                continue;
            }
            String name = deployment.getMetadata().getName();
            int maxReplicas = chart.all(HorizontalPodAutoscaler.class).stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(name))
                    .map(h -> h.getSpec().getMaxReplicas()).findFirst()
                    .orElse(deployment.getSpec().getReplicas());
            int pool = env(container, "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE").map(Integer::parseInt)
                    .orElseThrow(() -> new AssertionError(name + " sets no pool size: its share of the budget is unknown"));
            Optional<String> replicaUrl = env(container, "LITPER_DB_REPLICA_URLS");
            int replicaPool = replicaUrl.isEmpty() ? 0 : env(container, "LITPER_DB_REPLICAPOOLSIZE").map(Integer::parseInt)
                    .orElseThrow(() -> new AssertionError(name + " sets no replica pool size"));
            components.add(new Component(name.replaceFirst("^" + RenderedChart.RELEASE + "-", ""), maxReplicas,
                    surge(deployment, maxReplicas), pool, replicaPool, host(url.get()), replicaUrl.map(ConnectionBudgetTest::host),
                    env(container, "LITPER_DB_MIGRATION_URL").map(ConnectionBudgetTest::host)));
        }
        return components;
    }

    /** Extra pods a rollout starts beside the old ones (Kubernetes rounds a percentage of maxSurge up). */
    static int surge(Deployment deployment, int replicas) {
        IntOrString surge = deployment.getSpec().getStrategy().getRollingUpdate() == null
                ? new IntOrString("25%")
                : deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge();
        if (surge.getStrVal() != null && surge.getStrVal().endsWith("%")) {
            int percent = Integer.parseInt(surge.getStrVal().substring(0, surge.getStrVal().length() - 1));
            return (replicas * percent + 99) / 100;
        }
        return surge.getIntVal() != null ? surge.getIntVal() : Integer.parseInt(surge.getStrVal());
    }

    static String host(String jdbcUrl) {
        Matcher m = JDBC_HOST.matcher(jdbcUrl);
        if (!m.find()) {
            throw new AssertionError("not a jdbc:postgresql URL: " + jdbcUrl);
        }
        return m.group(1);
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    static Optional<String> env(Container container, String name) {
        return container.getEnv().stream().filter(v -> v.getName().equals(name)).map(EnvVar::getValue).findFirst();
    }

    static List<JsonNode> documents(Path file) {
        try {
            YAMLMapper yaml = new YAMLMapper();
            List<JsonNode> documents = new ArrayList<>();
            for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
                if (!document.isBlank()) {
                    documents.add(yaml.readTree(document));
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
