package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The optional Grafana dashboards: ConfigMaps for Grafana's sidecar, each a dashboard whose queries Prometheus accepts. */
class DashboardsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> DASHBOARDS = List.of("agents", "api", "carriers", "postgresql", "queue", "redis", "whatsapp");

    @Test
    void dashboardsAreOptIn() {
        assertThat(RenderedChart.defaults().all(ConfigMap.class)).noneMatch(map -> map.getMetadata().getName().contains("dashboard"));
    }

    @Test
    void eachDashboardIsAConfigMapTheSidecarPicksUp() {
        RenderedChart chart = RenderedChart.withValues("""
                metrics:
                  grafanaDashboards:
                    enabled: true
                    annotations:
                      grafana_folder: Litper
                """);
        List<ConfigMap> maps = chart.all(ConfigMap.class).stream().filter(map -> map.getMetadata().getName().startsWith("litper-dashboard-")).toList();
        assertThat(maps).extracting(map -> map.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(DASHBOARDS.stream().map(name -> "litper-dashboard-" + name).toList());
        Set<String> uids = new HashSet<>();
        for (ConfigMap map : maps) {
            assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1").containsEntry("app.kubernetes.io/instance", "litper");
            assertThat(map.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Litper");
            assertThat(map.getMetadata().getNamespace()).isEqualTo("litper");
            assertThat(map.getData()).hasSize(1);
            JsonNode dashboard = JSON.readTree(map.getData().values().iterator().next());
            assertThat(uids.add(dashboard.path("uid").asString())).as("unique uid " + dashboard.path("uid")).isTrue();
            assertThat(dashboard.path("title").asString()).startsWith("Litper / ");
            List<JsonNode> panels = new ArrayList<>();
            dashboard.path("panels").forEach(panels::add);
            assertThat(panels.stream().filter(p -> !"row".equals(p.path("type").asString())))
                    .as(map.getMetadata().getName()).hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(panel -> {
                        assertThat(panel.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
                        assertThat(panel.path("targets").size()).isPositive();
                        panel.path("targets").forEach(target -> assertThat(target.path("expr").asString()).contains("namespace=\"$namespace\""));
                    });
        }
    }

    /**
     * Every query of every dashboard, with Grafana's variables filled in, as a recording rule that
     * {@code promtool check rules} parses: a typo in PromQL fails here, not on an operator's screen.
     */
    @Test
    void everyDashboardQueryIsValidPromql() throws Exception {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String name : DASHBOARDS) {
            JsonNode dashboard = JSON.readTree(Files.readString(RenderedChart.CHART.resolve("dashboards").resolve(name + ".json")));
            for (String expr : DashboardQueries.of(dashboard)) {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("record", "dashboard:" + name + ":" + rules.size());
                rule.put("expr", expr.replace("$__rate_interval", "5m").replaceAll("\\$\\{?\\w+}?", "x"));
                rules.add(rule);
            }
        }
        assertThat(rules).hasSizeGreaterThan(40);
        Files.createDirectories(PromtoolTest.DIRECTORY);
        Files.writeString(PromtoolTest.DIRECTORY.resolve("dashboards-rules.yaml"),
                YAMLMapper.builder().build().writeValueAsString(Map.of("groups", List.of(Map.of("name", "dashboards", "rules", rules)))));
        PromtoolTest.Result check = PromtoolTest.promtool("check", "rules", "dashboards-rules.yaml");
        assertThat(check.exit()).as(check.output()).isZero();
    }
}
