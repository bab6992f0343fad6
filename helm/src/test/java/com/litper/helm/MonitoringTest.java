package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
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
        assertThat((Object) monitor.get("spec", "endpoints", 0, "port")).isEqualTo("http");
        assertThat((Map<String, Object>) monitor.get("spec", "selector", "matchLabels")).containsEntry("app.kubernetes.io/instance", "litper");
    }

    @Test
    void everyAlertHasASeverityAndARunbookSection() {
        RenderedChart chart = RenderedChart.with(Map.of("metrics.prometheusRule.enabled", true));

        GenericKubernetesResource rule = (GenericKubernetesResource) chart.allOfKind("PrometheusRule").get(0);
        List<Map<String, Object>> rules = rule.get("spec", "groups", 0, "rules");
        assertThat(rules).hasSizeGreaterThanOrEqualTo(8).allSatisfy(alert -> {
            assertThat((Map<String, Object>) alert.get("labels")).containsKey("severity");
            assertThat(((Map<?, ?>) alert.get("annotations")).get("runbook").toString())
                    .isEqualTo("docs/operations.md#" + alert.get("alert").toString().toLowerCase());
            assertThat(alert.get("expr").toString()).contains("namespace=\"litper\"");
        });
    }
}
