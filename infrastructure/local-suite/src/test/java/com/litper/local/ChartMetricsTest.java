package com.litper.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How ChartMetrics reads metric names out of PromQL and out of the chart (the comparison itself runs in OrderFlowEndToEndTest). */
class ChartMetricsTest {

    @Test
    void onlyMetricNamesAreTakenFromAnExpression() {
        assertThat(ChartMetrics.names("""
                sum by (code) (rate(litper_whatsapp_sends_total{namespace="$namespace", code=~"131[0-9]{3}"}[$__rate_interval]))
                  / ignoring (code) group_left sum(rate(litper_whatsapp_sends_total{namespace="$namespace"}[5m])) > 0.05
                """)).containsExactly("litper_whatsapp_sends_total");
        assertThat(ChartMetrics.names("histogram_quantile(0.99, sum by (queue, le) (rate(litper_queue_wait_seconds_bucket{priority=\"HIGH\"}[5m]))) > 0.8 * 60"))
                .containsExactly("litper_queue_wait_seconds_bucket");
        assertThat(ChartMetrics.names("label_values(litper_queue_depth{namespace=\"$namespace\"}, queue)")).containsExactly("litper_queue_depth");
        assertThat(ChartMetrics.names("100 * max(redis_memory_used_bytes) / max(redis_memory_max_bytes > 0) > 80 and on (slo) litper:slo_errors:ratio_rate5m"))
                .containsExactlyInAnyOrder("redis_memory_used_bytes", "redis_memory_max_bytes", "litper:slo_errors:ratio_rate5m");
    }

    @Test
    void theChartsRulesAndDashboardsAreRead() throws Exception {
        Map<String, Set<String>> referenced = ChartMetrics.referenced(Path.of("..", ".."));
        assertThat(referenced).containsKeys("http_server_requests_seconds_count", "litper_queue_depth", "up", "redis_evicted_keys_total",
                "resilience4j_circuitbreaker_calls_seconds_count", "hikaricp_connections_pending", "litper_agents_tokens_total");
        assertThat(referenced.get("litper_whatsapp_rate_limit_messages")).contains("rule LitperWhatsappRateLimitSaturated", "dashboard whatsapp.json");
        // Recorded series are derived, not exported.
        assertThat(referenced).doesNotContainKey("litper:slo_errors:ratio_rate1h");
        assertThat(ChartMetrics.external("kube_pod_container_status_restarts_total")).isTrue();
        assertThat(ChartMetrics.external("litper_queue_depth")).isFalse();
    }
}
