package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.autoconfigure.LitperDefaults;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The carrier registry of an installation: the one {@code carriers} list, rendered into the ConfigMap
 * {@code litper-carriers} that the services accepting, booking or tracking carriers import, and bound
 * there as litper-common's {@link CarrierRegistry}. Credentials reach the pods only as Secret references.
 */
class CarriersTest {

    private static final RenderedChart DEFAULTS = RenderedChart.defaults();
    private static final Set<String> READ_THE_REGISTRY = Set.of("litper-api", "litper-tracking", "litper-worker", "litper-worker-low");
    private static final String IMPORT = "file:/etc/litper/carriers/carriers.yaml";

    private static final String SIXTH_CARRIER = """
            carriers:
              - servientrega
              - code: coordinadora
              - code: interrapidisimo
              - code: envia
                baseUrl: https://api.envia.example
              - code: tcc
                enabled: false
              - code: deprisa
                displayName: Deprisa
                baseUrl: https://api.deprisa.example/litper
                polling: true
                statuses:
                  ADMITIDO: CREATED
                  EN_DISTRIBUCION: OUT_FOR_DELIVERY
                  "90": CANCELLED
            """;

    @Test
    void theServicesThatUseCarriersImportTheRegistryAndRollWhenItChanges() {
        assertThat(DEFAULTS.get(ConfigMap.class, "litper-carriers").getData()).containsOnlyKeys("carriers.yaml");
        for (Deployment deployment : DEFAULTS.all(Deployment.class)) {
            String name = deployment.getMetadata().getName();
            var pod = deployment.getSpec().getTemplate();
            if (READ_THE_REGISTRY.contains(name)) {
                assertThat(DeploymentsTest.env(deployment, "SPRING_CONFIG_IMPORT")).as(name).contains(IMPORT);
                assertThat(pod.getSpec().getVolumes()).as(name)
                        .anyMatch(volume -> volume.getConfigMap() != null && "litper-carriers".equals(volume.getConfigMap().getName()));
                assertThat(DeploymentsTest.container(deployment).getVolumeMounts()).as(name).anySatisfy(mount -> {
                    assertThat(mount.getMountPath()).isEqualTo("/etc/litper/carriers");
                    assertThat(mount.getReadOnly()).isTrue();
                });
                assertThat(pod.getMetadata().getAnnotations()).as(name).containsKey("checksum/carriers");
            } else {
                assertThat(DeploymentsTest.env(deployment, "SPRING_CONFIG_IMPORT")).as(name).isEmpty();
                assertThat(pod.getSpec().getVolumes()).as(name).noneMatch(volume -> volume.getConfigMap() != null);
            }
        }
        String before = annotation(DEFAULTS, "litper-worker");
        assertThat(annotation(RenderedChart.withValues(SIXTH_CARRIER), "litper-worker")).isNotEqualTo(before);
        assertThat(annotation(RenderedChart.with(Map.of("image.tag", "9.9.9")), "litper-worker")).isEqualTo(before);
    }

    @Test
    void byDefaultTheFiveCarriersAreListedAndKeepLitperCommonsDefaults() {
        JsonNode config = carriersYaml(DEFAULTS);
        assertThat(config.path("litper").path("carriers").propertyNames())
                .containsExactlyInAnyOrder("servientrega", "coordinadora", "interrapidisimo", "envia", "tcc");
        assertThat(config.path("litper").has("tracking")).as("no status codes beyond tracking-service's own").isFalse();

        CarrierRegistry registry = bind(DEFAULTS);
        assertThat(registry.codes()).containsExactly("coordinadora", "envia", "interrapidisimo", "servientrega", "tcc");
        assertThat(registry.displayName("interrapidisimo")).isEqualTo("Inter Rapidísimo");
        assertThat(registry.carrier("interrapidisimo").orElseThrow().polling()).isTrue();
        assertThat(registry.carriers().values()).allMatch(CarrierRegistry.Carrier::enabled);
    }

    @Test
    void aSixthCarrierIsValuesOnlyAndReachesEveryServiceWithItsSecretReferences() {
        RenderedChart chart = RenderedChart.withValues(SIXTH_CARRIER);

        CarrierRegistry registry = bind(chart);
        assertThat(registry.codes()).hasSize(6).contains("deprisa");
        CarrierRegistry.Carrier deprisa = registry.carrier("deprisa").orElseThrow();
        assertThat(deprisa.displayName()).isEqualTo("Deprisa");
        assertThat(deprisa.baseUrl()).isEqualTo(URI.create("https://api.deprisa.example/litper"));
        assertThat(deprisa.polling()).isTrue();
        assertThat(registry.carrier("envia").orElseThrow().baseUrl()).isEqualTo(URI.create("https://api.envia.example"));
        assertThat(registry.carrier("envia").orElseThrow().displayName()).as("kept from the defaults").isEqualTo("Envía");
        assertThat(registry.carrier("tcc").orElseThrow().enabled()).isFalse();
        assertThat(registry.carrier("interrapidisimo").orElseThrow().polling()).as("kept from the defaults").isTrue();

        JsonNode statuses = carriersYaml(chart).path("litper").path("tracking").path("carriers").path("deprisa").path("statuses");
        assertThat(statuses.path("ADMITIDO").asString()).isEqualTo("CREATED");
        assertThat(statuses.path("90").asString()).isEqualTo("CANCELLED");

        for (String name : List.of("litper-worker", "litper-tracking")) {
            List<EnvVar> env = DeploymentsTest.container(chart.get(Deployment.class, name)).getEnv();
            assertThat(env).filteredOn(v -> v.getName().equals("LITPER_CARRIERS_DEPRISA_APIKEY")).singleElement().satisfies(v -> {
                assertThat(v.getValue()).isNull();
                assertThat(v.getValueFrom().getSecretKeyRef().getName()).isEqualTo("litper-secrets");
                assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("carrier-deprisa-api-key");
                assertThat(v.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
            });
            assertThat(env).filteredOn(v -> v.getName().equals("LITPER_CARRIERS_DEPRISA_WEBHOOKSECRET")).singleElement()
                    .satisfies(v -> assertThat(v.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("carrier-deprisa-webhook-secret"));
            assertThat(env).filteredOn(v -> v.getName().equals("LITPER_CARRIERS_SERVIENTREGA_APIKEY")).hasSize(1);
        }
        assertThat(DeploymentsTest.env(chart.get(Deployment.class, "litper-api"), "LITPER_CARRIERS_DEPRISA_APIKEY"))
                .as("api-service reads the registry, not the credentials").isEmpty();
    }

    @Test
    void aCredentialHasNoPlaceInTheCarriersListAndWrongEntriesAreRefused() {
        assertThatThrownBy(() -> RenderedChart.withValues("""
                carriers:
                  - code: deprisa
                    baseUrl: https://api.deprisa.example
                    apiKey: sk-live-123
                """)).hasMessageContaining("schema");
        assertThat(DEFAULTS.get(ConfigMap.class, "litper-carriers").getData().get("carriers.yaml"))
                .doesNotContainIgnoringCase("api-key").doesNotContainIgnoringCase("secret");

        assertThatThrownBy(() -> RenderedChart.withValues("carriers: [Envia-Express]")).hasMessageContaining("schema");
        assertThatThrownBy(() -> RenderedChart.withValues("""
                carriers:
                  - code: deprisa
                    statuses: {ADMITIDO: LOST}
                """)).hasMessageContaining("schema");
        assertThatThrownBy(() -> RenderedChart.withValues("""
                carriers:
                  - code: deprisa
                    baseUrl: ftp://deprisa.example
                """)).hasMessageContaining("schema");
        assertThatThrownBy(() -> RenderedChart.withValues("""
                carriers:
                  - tcc
                  - code: tcc
                    enabled: false
                """)).hasMessageContaining("tcc is listed twice");
    }

    private static String annotation(RenderedChart chart, String deployment) {
        return chart.get(Deployment.class, deployment).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/carriers");
    }

    private static JsonNode carriersYaml(RenderedChart chart) {
        return new YAMLMapper().readTree(chart.get(ConfigMap.class, "litper-carriers").getData().get("carriers.yaml"));
    }

    /** The registry a service binds: litper-common's defaults below the imported ConfigMap, as in a pod. */
    private static CarrierRegistry bind(RenderedChart chart) {
        StandardEnvironment environment = new StandardEnvironment();
        new LitperDefaults().postProcessEnvironment(environment, null);
        String yaml = chart.get(ConfigMap.class, "litper-carriers").getData().get("carriers.yaml");
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load("litper-carriers ConfigMap",
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))) {
                environment.getPropertySources().addFirst(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(environment).bind("litper", CarrierRegistry.class).get();
    }
}
