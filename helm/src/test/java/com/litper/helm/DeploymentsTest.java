package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every Deployment the chart renders carries the specification's replicas, resources, probes and a locked-down security context. */
class DeploymentsTest {

    private static final RenderedChart CHART = RenderedChart.defaults();

    @Test
    void everyServiceHasADeploymentWithTheSpecificationsReplicas() {
        Map<String, Integer> replicas = Map.of(
                "litper-api", 3,
                "litper-agent-orchestrator", 2,
                "litper-chat", 2,
                "litper-tracking", 2,
                "litper-analytics", 1,
                "litper-worker", 3,
                "litper-worker-low", 2);

        assertThat(CHART.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(replicas.keySet());
        replicas.forEach((name, count) ->
                assertThat(CHART.get(Deployment.class, name).getSpec().getReplicas()).as(name).isEqualTo(count));
        // The specification's five workers: some consume every priority, the rest LOW only.
        assertThat(replicas.get("litper-worker") + replicas.get("litper-worker-low")).isEqualTo(5);
    }

    @Test
    void everyDeploymentHasProbesOnPort8000() {
        for (Deployment deployment : CHART.all(Deployment.class)) {
            Container container = container(deployment);
            String name = deployment.getMetadata().getName();

            Probe liveness = container.getLivenessProbe();
            assertThat(liveness.getHttpGet().getPath()).as(name).isEqualTo("/health");
            assertThat(liveness.getHttpGet().getPort().getIntVal()).as(name).isEqualTo(8000);
            assertThat(liveness.getInitialDelaySeconds()).as(name).isEqualTo(30);
            assertThat(liveness.getPeriodSeconds()).as(name).isEqualTo(10);

            Probe readiness = container.getReadinessProbe();
            assertThat(readiness.getHttpGet().getPath()).as(name).isEqualTo("/ready");
            assertThat(readiness.getHttpGet().getPort().getIntVal()).as(name).isEqualTo(8000);
            assertThat(readiness.getInitialDelaySeconds()).as(name).isEqualTo(5);
            assertThat(readiness.getPeriodSeconds()).as(name).isEqualTo(5);

            Probe startup = container.getStartupProbe();
            assertThat(startup.getHttpGet().getPath()).as(name).isEqualTo("/health");
            assertThat(startup.getHttpGet().getPort().getIntVal()).as(name).isEqualTo(8000);
            assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).as(name + ": seconds allowed to start").isGreaterThanOrEqualTo(120);

            // The application port, and the management port (actuator endpoints) that only Prometheus reaches.
            assertThat(container.getPorts()).as(name).extracting(port -> port.getName() + ":" + port.getContainerPort())
                    .containsExactly("http:8000", "management:9000");
        }
    }

    @Test
    void everyDeploymentHasRequestsAndLimits() {
        for (Deployment deployment : CHART.all(Deployment.class)) {
            var resources = container(deployment).getResources();
            assertThat(resources.getRequests()).as(deployment.getMetadata().getName()).containsKeys("cpu", "memory");
            assertThat(resources.getLimits()).as(deployment.getMetadata().getName()).containsKeys("cpu", "memory");
        }
        var api = container(CHART.get(Deployment.class, "litper-api")).getResources();
        assertThat(api.getRequests()).containsEntry("cpu", new Quantity("250m")).containsEntry("memory", new Quantity("512Mi"));
        assertThat(api.getLimits()).containsEntry("cpu", new Quantity("1000m")).containsEntry("memory", new Quantity("1Gi"));
    }

    @Test
    void everyDeploymentRunsNonRootReadOnlyWithoutCapabilities() {
        for (Deployment deployment : CHART.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isPositive();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");

            var container = container(deployment).getSecurityContext();
            assertThat(container.getRunAsNonRoot()).as(name).isTrue();
            assertThat(container.getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(container.getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(container.getCapabilities().getDrop()).as(name).containsExactly("ALL");
            assertThat(container.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");

            // A read-only root needs a writable /tmp for Tomcat and the JVM.
            assertThat(container(deployment).getVolumeMounts()).as(name)
                    .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
            assertThat(pod.getVolumes()).as(name).anySatisfy(volume -> assertThat(volume.getEmptyDir()).isNotNull());
        }
    }

    @Test
    void everyDeploymentSpreadsAcrossNodesAndZones() {
        for (Deployment deployment : CHART.all(Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
                    .as(deployment.getMetadata().getName())
                    .extracting(c -> c.getTopologyKey())
                    .containsExactlyInAnyOrder("kubernetes.io/hostname", "topology.kubernetes.io/zone");
        }
    }

    @Test
    void workersGetTimeToFinishOrHandBackTheirLongestTasks() {
        var all = CHART.get(Deployment.class, "litper-worker");
        var low = CHART.get(Deployment.class, "litper-worker-low");

        assertThat(env(all, "LITPER_WORKER_PRIORITIES")).contains("CRITICAL,HIGH,NORMAL,LOW");
        assertThat(env(low, "LITPER_WORKER_PRIORITIES")).contains("LOW");
        // NORMAL tasks time out after 300 s, LOW after 600 s (the specification's priorities).
        assertThat(all.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(300);
        assertThat(low.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(600);
        for (Deployment deployment : CHART.all(Deployment.class)) {
            long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
            long shutdown = Long.parseLong(env(deployment, "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE").orElseThrow().replace("s", ""));
            long drain = Long.parseLong(env(deployment, "LITPER_WEB_DRAINDELAY").orElseThrow().replace("s", ""));
            assertThat(grace).as(deployment.getMetadata().getName() + ": grace period covers drain and shutdown")
                    .isGreaterThan(drain + shutdown);
        }
    }

    @Test
    void workersGetNoDatabaseAndServicesGetTheirs() {
        assertThat(env(CHART.get(Deployment.class, "litper-worker"), "LITPER_DB_URL")).isEmpty();
        // api-service reaches the primary through PgBouncer and migrates past it (ConnectionBudgetTest).
        assertThat(env(CHART.get(Deployment.class, "litper-api"), "LITPER_DB_URL")).contains("jdbc:postgresql://litper-db-pooler-rw:5432/litper?prepareThreshold=0");
        assertThat(env(CHART.get(Deployment.class, "litper-api"), "LITPER_DB_MIGRATION_URL")).contains("jdbc:postgresql://litper-db-rw:5432/litper");
        assertThat(env(CHART.get(Deployment.class, "litper-analytics"), "LITPER_DB_URL")).contains("jdbc:postgresql://litper-db-rw:5432/litper");
        assertThat(env(CHART.get(Deployment.class, "litper-analytics"), "LITPER_DB_REPLICA_URLS")).contains("jdbc:postgresql://litper-db-ro:5432/litper");
        for (Deployment deployment : CHART.all(Deployment.class)) {
            assertThat(env(deployment, "SPRING_DATA_REDIS_SENTINEL_MASTER")).as(deployment.getMetadata().getName()).contains("mymaster");
        }
    }

    @Test
    void noCredentialIsAPlainValue() {
        for (Deployment deployment : CHART.all(Deployment.class)) {
            for (EnvVar variable : container(deployment).getEnv()) {
                String name = variable.getName();
                if (name.matches(".*(PASSWORD|TOKEN|SECRET|APIKEY|KEY)$") && variable.getValue() != null) {
                    // Only references to another variable that itself comes from a Secret.
                    assertThat(variable.getValue()).as(name).matches("\\$\\([A-Z_]+\\)");
                }
            }
            assertThat(env(deployment, "LITPER_REDIS_URL").orElseThrow()).as("the Redis URL references the password")
                    .contains("$(LITPER_REDIS_PASSWORD)");
        }
        var password = container(CHART.get(Deployment.class, "litper-api")).getEnv().stream()
                .filter(v -> v.getName().equals("LITPER_DB_PASSWORD")).findFirst().orElseThrow();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("litper-secrets");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("database-password");
    }

    @Test
    void onlyLeaderElectingPodsMountAnApiToken() {
        for (Deployment deployment : CHART.all(Deployment.class)) {
            boolean elects = env(deployment, "LITPER_LEADER_MODE").isPresent();
            assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                    .as(deployment.getMetadata().getName()).isEqualTo(elects);
        }
        assertThat(env(CHART.get(Deployment.class, "litper-tracking"), "LITPER_LEADER_MODE")).contains("kubernetes");
        assertThat(env(CHART.get(Deployment.class, "litper-api"), "LITPER_LEADER_MODE")).isEmpty();
    }

    static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as(deployment.getMetadata().getName()).hasSize(1);
        return containers.get(0);
    }

    @Test
    void everyServiceChecksTokensAgainstApiServicesPublishedKeys() {
        for (Deployment deployment : CHART.all(Deployment.class)) {
            assertThat(env(deployment, "LITPER_SECURITY_JWKSURI")).as(deployment.getMetadata().getName())
                    .contains("http://litper-api:8000/.well-known/jwks.json");
        }
    }

    @Test
    void agentOrchestratorGetsTheClaudeKeyOnceFromTheSecretAndTrackingServicesAddress() {
        Deployment agents = CHART.get(Deployment.class, "litper-agent-orchestrator");
        assertThat(container(agents).getEnv()).as("one key, from the Secret").filteredOn(v -> v.getName().equals("LITPER_ANTHROPIC_APIKEY"))
                .hasSize(1);
        EnvVar key = container(agents).getEnv().stream().filter(v -> v.getName().equals("LITPER_ANTHROPIC_APIKEY")).findFirst().orElseThrow();
        assertThat(key.getValue()).as("never a literal").isNull();
        assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("litper-secrets");
        assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("anthropic-api-key");
        assertThat(env(agents, "LITPER_AGENTS_TRACKING_BASEURL")).contains("http://litper-tracking:8000");
        for (Deployment deployment : CHART.all(Deployment.class)) {
            if (!deployment.getMetadata().getName().equals("litper-agent-orchestrator")) {
                assertThat(container(deployment).getEnv()).as(deployment.getMetadata().getName())
                        .noneMatch(v -> v.getName().startsWith("LITPER_ANTHROPIC") || v.getName().startsWith("LITPER_AGENTS"));
            }
        }
    }

    @Test
    void onlyApiServiceReadsTheSigningKeysAndOperatorsFromTheSecret() {
        RenderedChart chart = RenderedChart.withValues("""
                operators: [alice]
                config:
                  corsAllowedOrigins: [https://app.litper.co]
                """);
        Deployment api = chart.get(Deployment.class, "litper-api");
        EnvVar keys = container(api).getEnv().stream().filter(v -> v.getName().equals("LITPER_API_AUTH_SIGNINGKEYS")).findFirst().orElseThrow();
        assertThat(keys.getValue()).isNull();
        assertThat(keys.getValueFrom().getSecretKeyRef().getName()).isEqualTo("litper-secrets");
        assertThat(keys.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("auth-signing-keys");
        EnvVar alice = container(api).getEnv().stream().filter(v -> v.getName().equals("LITPER_SECURITY_OPERATORS_ALICE_PASSWORDHASH"))
                .findFirst().orElseThrow();
        assertThat(alice.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("operator-alice-password-hash");
        for (Deployment deployment : chart.all(Deployment.class)) {
            assertThat(env(deployment, "LITPER_SECURITY_CORS_ALLOWEDORIGINS")).contains("https://app.litper.co");
            if (!deployment.getMetadata().getName().equals("litper-api")) {
                assertThat(container(deployment).getEnv()).as(deployment.getMetadata().getName())
                        .noneMatch(v -> v.getName().startsWith("LITPER_API_AUTH") || v.getName().startsWith("LITPER_SECURITY_OPERATORS"));
            }
        }
    }

    @Test
    void onlyAnalyticsServiceReadsTheReportSigningSecret() {
        RenderedChart chart = RenderedChart.defaults();
        Deployment analytics = chart.get(Deployment.class, "litper-analytics");
        EnvVar secret = container(analytics).getEnv().stream().filter(v -> v.getName().equals("LITPER_REPORTS_SIGNINGSECRET")).findFirst()
                .orElseThrow();
        assertThat(secret.getValue()).isNull();
        assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("litper-secrets");
        assertThat(secret.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("reports-signing-secret");
        for (Deployment deployment : chart.all(Deployment.class)) {
            if (!deployment.getMetadata().getName().equals("litper-analytics")) {
                assertThat(container(deployment).getEnv()).as(deployment.getMetadata().getName())
                        .noneMatch(v -> v.getName().startsWith("LITPER_REPORTS"));
            }
        }
    }

    static Optional<String> env(Deployment deployment, String name) {
        return container(deployment).getEnv().stream()
                .filter(variable -> variable.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst();
    }
}
