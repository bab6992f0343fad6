package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Values: overrides take effect, the schema rejects wrong types, credentials have no defaults, every value is documented. */
class ValuesTest {

    @Test
    void overridesTakeEffect() {
        RenderedChart chart = RenderedChart.withValues("""
                global:
                  imageRegistry: registry.example.com
                image:
                  tag: "1.4.2"
                api:
                  replicaCount: 6
                  resources:
                    limits:
                      cpu: 2000m
                      memory: 2Gi
                worker:
                  queuePriorities: [CRITICAL, HIGH]
                config:
                  drainDelay: 10s
                """);

        Deployment api = chart.get(Deployment.class, "litper-api");
        assertThat(api.getSpec().getReplicas()).isEqualTo(6);
        assertThat(DeploymentsTest.container(api).getImage()).isEqualTo("registry.example.com/litper/api-service:1.4.2");
        assertThat(DeploymentsTest.container(api).getResources().getLimits())
                .containsEntry("cpu", new Quantity("2000m")).containsEntry("memory", new Quantity("2Gi"));
        assertThat(DeploymentsTest.env(api, "LITPER_WEB_DRAINDELAY")).contains("10s");
        assertThat(DeploymentsTest.env(chart.get(Deployment.class, "litper-worker"), "LITPER_WORKER_PRIORITIES")).contains("CRITICAL,HIGH");
        assertThat(chart.all(Deployment.class)).allSatisfy(d ->
                assertThat(DeploymentsTest.container(d).getImage()).startsWith("registry.example.com/litper/").endsWith(":1.4.2"));
    }

    @Test
    void imagesDefaultToTheChartsAppVersion() {
        Deployment worker = RenderedChart.defaults().get(Deployment.class, "litper-worker-low");

        assertThat(DeploymentsTest.container(worker).getImage()).isEqualTo("litper/worker-service:0.1.0-SNAPSHOT");
    }

    @Test
    void disabledComponentsRenderNothing() {
        RenderedChart chart = RenderedChart.with(Map.of("workerLow.enabled", false));

        assertThat(chart.all()).noneMatch(o -> o.getMetadata().getName().startsWith("litper-worker-low"));
    }

    @Test
    void aValuesFileWithAWrongTypeIsRejectedByTheSchema() {
        assertThatThrownBy(() -> RenderedChart.withValues("""
                api:
                  replicaCount: three
                """))
                .hasMessageContaining("schema")
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> RenderedChart.withValues("""
                autoscaling:
                  targetCPU: "70%"
                """))
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> RenderedChart.withValues("""
                networkPolicy:
                  enabled: "yes"
                """))
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> RenderedChart.withValues("""
                worker:
                  queuePriorities: [URGENT]
                """))
                .hasMessageContaining("schema");
        // Typos are caught too: a misspelt key would otherwise be ignored silently.
        assertThatThrownBy(() -> RenderedChart.withValues("""
                api:
                  replicas: 4
                """))
                .hasMessageContaining("schema");
    }

    @Test
    void credentialsComeFromAnOperatorsSecretByDefault() {
        RenderedChart chart = RenderedChart.defaults();

        assertThat(chart.all(Secret.class)).isEmpty();
        assertThat(chart.yaml()).doesNotContain("stringData").doesNotContain("password:");
    }

    @Test
    void theChartCreatesTheSecretOnlyWhenAskedAndWithAPassword() {
        assertThatThrownBy(() -> RenderedChart.with(Map.of("secrets.create", true)))
                .hasMessageContaining("secrets.databasePassword is required");

        RenderedChart chart = RenderedChart.with(Map.of(
                "secrets.create", true,
                "secrets.databasePassword", "db-pass",
                "secrets.redisPassword", "redis-pass",
                "secrets.anthropicApiKey", "sk-test"));
        Secret secret = chart.get(Secret.class, "litper-secrets");
        assertThat(secret.getData()).containsOnlyKeys("database-password", "redis-password", "anthropic-api-key");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("database-password")))).isEqualTo("db-pass");

        RenderedChart withAuth = RenderedChart.withValues("""
                secrets:
                  create: true
                  databasePassword: db-pass
                  redisPassword: redis-pass
                  authSigningKeys: '{"keys":[]}'
                  reportsSigningSecret: report-links-0123456789abcdef-0123
                  operators:
                    alice: '{bcrypt}$2a$10$hash'
                """);
        assertThat(withAuth.get(Secret.class, "litper-secrets").getData()).containsKeys("auth-signing-keys", "operator-alice-password-hash",
                "reports-signing-secret");
    }

    @Test
    void anExistingSecretIsReferencedInstead() {
        RenderedChart chart = RenderedChart.with(Map.of(
                "secrets.existingSecret", "litper-prod",
                "database.existingSecret", "litper-db-app"));

        var env = DeploymentsTest.container(chart.get(Deployment.class, "litper-api")).getEnv();
        assertThat(env).filteredOn(v -> v.getName().equals("LITPER_DB_PASSWORD")).singleElement().satisfies(v -> {
            assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo("litper-db-app");
            assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        });
        assertThat(env).filteredOn(v -> v.getName().equals("LITPER_REDIS_PASSWORD")).singleElement()
                .satisfies(v -> assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo("litper-prod"));
        assertThat(chart.all(Secret.class)).isEmpty();
    }

    @Test
    void everyValueIsDocumentedAndEveryDocumentedValueExists() throws IOException {
        String text = Files.readString(RenderedChart.CHART.resolve("values.yaml"));
        Set<String> documented = new TreeSet<>();
        Matcher matcher = Pattern.compile("(?m)^## @param (\\S+) \\S").matcher(text);
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        ObjectMapper yaml = new YAMLMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> values = yaml.readValue(text, Map.class);

        List<String> undocumented = new ArrayList<>();
        Set<String> existing = new TreeSet<>();
        walk("", values, documented, undocumented, existing);

        assertThat(undocumented).as("values without a \"## @param\" line").isEmpty();
        assertThat(documented).as("\"## @param\" lines naming no value").allMatch(existing::contains);
    }

    @SuppressWarnings("unchecked")
    private static void walk(String path, Object value, Set<String> documented, List<String> undocumented, Set<String> existing) {
        if (!path.isEmpty()) {
            existing.add(path);
            if (documented.contains(path)) {
                return;
            }
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            ((Map<String, Object>) map).forEach((key, child) ->
                    walk(path.isEmpty() ? key : path + "." + key, child, documented, undocumented, existing));
        } else {
            undocumented.add(path);
        }
    }

    @Test
    void theSchemaIsValidJson() throws IOException {
        Path schema = RenderedChart.CHART.resolve("values.schema.json");
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = new ObjectMapper().readValue(Files.readString(schema), Map.class);
        assertThat(parsed).containsKeys("$schema", "properties");
    }
}
