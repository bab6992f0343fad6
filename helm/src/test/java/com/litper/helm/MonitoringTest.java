package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional ServiceMonitor and PrometheusRule. */
class MonitoringTest {

    @Test
    void monitoringObjectsAreOptIn() {
        RenderedChart defaults = RenderedChart.defaults();
        assertThat(defaults.allOfKind("ServiceMonitor")).isEmpty();
        assertThat(defaults.allOfKind("PrometheusRule")).isEmpty();
    }

    @Test
    void theServiceMonitorScrapesEveryComponentsPrometheusEndpoint() {
        RenderedChart chart = RenderedChart.with(Map.of("metrics.serviceMonitor.enabled", true));

        GenericKubernetesResource monitor = (GenericKubernetesResource) chart.allOfKind("ServiceMonitor").get(0);
        assertThat((Object) monitor.get("spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        // The management port: the application port (the Ingress's) serves no actuator endpoint.
        assertThat((Object) monitor.get("spec", "endpoints", 0, "port")).isEqualTo("management");
        for (io.fabric8.kubernetes.api.model.Service service : chart.all(io.fabric8.kubernetes.api.model.Service.class)) {
            assertThat(service.getSpec().getPorts()).as(service.getMetadata().getName())
                    .anySatisfy(port -> {
                        assertThat(port.getName()).isEqualTo("management");
                        assertThat(port.getPort()).isEqualTo(9000);
                        assertThat(port.getTargetPort().getStrVal()).isEqualTo("management");
                    });
        }
        for (io.fabric8.kubernetes.api.model.apps.Deployment deployment : chart.all(io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).as(deployment.getMetadata().getName())
                    .anySatisfy(port -> {
                        assertThat(port.getName()).isEqualTo("management");
                        assertThat(port.getContainerPort()).isEqualTo(9000);
                    });
        }
        assertThat((Map<String, Object>) monitor.get("spec", "selector", "matchLabels")).containsEntry("app.kubernetes.io/instance", "litper");
    }

    @Test
    void everyAlertHasASeverityAndARunbookSection() throws IOException {
        RenderedChart chart = RenderedChart.with(Map.of("metrics.prometheusRule.enabled", true));
        String operations = Files.readString(Path.of("..", "docs", "operations.md"));

        GenericKubernetesResource rule = (GenericKubernetesResource) chart.allOfKind("PrometheusRule").get(0);
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        List<Map<String, Object>> rules = groups.stream().flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .filter(each -> each.containsKey("alert")).toList();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(25).allSatisfy(alert -> {
            assertThat((Map<String, Object>) alert.get("labels")).containsKey("severity");
            assertThat(((Map<?, ?>) alert.get("annotations")).get("runbook").toString())
                    .isEqualTo("docs/operations.md#" + alert.get("alert").toString().toLowerCase());
            assertThat(alert.get("expr").toString()).contains("namespace=\"litper\"");
            assertThat(operations).as("the runbook section of " + alert.get("alert")).contains("\n### " + alert.get("alert") + "\n");
        });
    }

    @Test
    void theBurnRateAlertsReadRecordedErrorRatiosOfBothObjectives() {
        RenderedChart chart = RenderedChart.withValues("""
                metrics:
                  prometheusRule:
                    enabled: true
                    slo:
                      objective: 0.995
                """);
        GenericKubernetesResource rule = (GenericKubernetesResource) chart.allOfKind("PrometheusRule").get(0);
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        List<Map<String, Object>> records = groups.stream().flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .filter(each -> each.containsKey("record")).toList();
        for (String slo : List.of("api", "webhooks")) {
            assertThat(records.stream().filter(r -> slo.equals(((Map<?, ?>) r.get("labels")).get("slo"))).map(r -> r.get("record")))
                    .containsExactlyInAnyOrder("litper:slo_errors:ratio_rate5m", "litper:slo_errors:ratio_rate30m", "litper:slo_errors:ratio_rate1h",
                            "litper:slo_errors:ratio_rate6h", "litper:slo_errors:ratio_rate3d");
        }
        assertThat(chart.yaml()).contains("litper:slo_errors:ratio_rate1h{namespace=\"litper\"} > (14.4 * (1 - 0.995))");
    }
}
