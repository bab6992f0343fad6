package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Redis keeps the task queue, so its memory is bounded and nothing is ever evicted: the Redis
 * values in infrastructure/redis-sentinel say so, and the chart's alerts fire before it fills up.
 */
class RedisMemoryTest {

    static final Path REDIS_VALUES = Path.of("..", "infrastructure", "redis-sentinel", "values.yaml").toAbsolutePath().normalize();

    @Test
    void theRedisDeployedForLitperHasAMaxmemoryBelowItsLimitAndNeverEvicts() throws IOException {
        JsonNode values = new YAMLMapper().readTree(REDIS_VALUES.toFile());
        String configuration = values.path("commonConfiguration").asString();

        assertThat(configuration).containsPattern("(?m)^\\s*maxmemory-policy noeviction\\s*$");
        Matcher maxmemory = Pattern.compile("(?m)^\\s*maxmemory (\\d+)mb\\s*$").matcher(configuration);
        assertThat(maxmemory.find()).as("a maxmemory in mb in " + configuration).isTrue();
        long maxmemoryBytes = Long.parseLong(maxmemory.group(1)) * 1024 * 1024;
        BigDecimal limit = Quantity.getAmountInBytes(new Quantity(values.path("replica").path("resources").path("limits").path("memory").asString()));
        // Headroom for buffers and the copy-on-write pages of an append-only file rewrite.
        assertThat(BigDecimal.valueOf(maxmemoryBytes)).isLessThanOrEqualTo(limit.multiply(BigDecimal.valueOf(0.75)));
        // The exporter whose metrics the alerts read.
        assertThat(values.path("metrics").path("enabled").asBoolean()).isTrue();
    }

    @Test
    void aMasterCutOffFromItsReplicasStopsTakingWritesBeforeTheSentinelsReplaceIt() throws IOException {
        JsonNode values = new YAMLMapper().readTree(REDIS_VALUES.toFile());
        String configuration = values.path("commonConfiguration").asString();
        Matcher toWrite = Pattern.compile("(?m)^\\s*min-replicas-to-write (\\d+)\\s*$").matcher(configuration);
        Matcher maxLag = Pattern.compile("(?m)^\\s*min-replicas-max-lag (\\d+)\\s*$").matcher(configuration);
        assertThat(toWrite.find()).as("min-replicas-to-write in " + configuration).isTrue();
        assertThat(maxLag.find()).as("min-replicas-max-lag in " + configuration).isTrue();
        int replicasToWrite = Integer.parseInt(toWrite.group(1));
        assertThat(replicasToWrite).isPositive();
        // Losing one replica must not stop writes: more replicas than the writes need.
        assertThat(values.path("replica").path("replicaCount").asInt() - 1).isGreaterThan(replicasToWrite);
        // The master refuses writes before the sentinels can have promoted another.
        assertThat(Long.parseLong(maxLag.group(1)) * 1000).isLessThan(values.path("sentinel").path("downAfterMilliseconds").asLong());
    }

    @Test
    void alertsFireBeforeRedisMemoryRunsOutAndWhenItHasNoLimitOrEvicts() {
        List<Map<String, Object>> rules = rules(RenderedChart.with(Map.of("metrics.prometheusRule.enabled", true)));

        Map<String, Object> high = alert(rules, "LitperRedisMemoryHigh").orElseThrow();
        assertThat(high.get("expr").toString())
                .contains("redis_memory_used_bytes{namespace=\"litper\"}")
                .contains("redis_memory_max_bytes{namespace=\"litper\"} > 0")
                .endsWith("> 80\n");
        assertThat(high.get("for")).isEqualTo("5m");
        assertThat(alert(rules, "LitperRedisNoMemoryLimit").orElseThrow().get("expr").toString())
                .isEqualTo("max by (instance) (redis_memory_max_bytes{namespace=\"litper\"}) == 0");
        Map<String, Object> evicting = alert(rules, "LitperRedisEvictingKeys").orElseThrow();
        assertThat(evicting.get("expr").toString()).contains("increase(redis_evicted_keys_total{namespace=\"litper\"}[5m])) > 0");
        assertThat((Map<String, Object>) evicting.get("labels")).containsEntry("severity", "critical");
        // The queue's depth has its alerts too.
        assertThat(alert(rules, "LitperQueueBacklog").orElseThrow().get("expr").toString()).contains("litper_queue_depth");
        assertThat(alert(rules, "LitperCriticalTasksWaiting").orElseThrow().get("expr").toString()).contains("litper_queue_depth");
    }

    @Test
    void aRedisOfYourOwnIsSelectedByItsLabelsAndTheThresholdIsAValue() {
        List<Map<String, Object>> rules = rules(RenderedChart.withValues("""
                metrics:
                  prometheusRule:
                    enabled: true
                    redis:
                      selector: namespace="redis",service="shared-redis-metrics"
                      memoryThreshold: 70
                """));

        String expr = alert(rules, "LitperRedisMemoryHigh").orElseThrow().get("expr").toString();
        assertThat(expr)
                .contains("redis_memory_used_bytes{namespace=\"redis\",service=\"shared-redis-metrics\"}")
                .endsWith("> 70\n");
    }

    @Test
    void theRedisAlertsCanBeLeftOut() {
        List<Map<String, Object>> rules = rules(RenderedChart.with(Map.of(
                "metrics.prometheusRule.enabled", true, "metrics.prometheusRule.redis.enabled", false)));

        assertThat(rules).extracting(rule -> rule.get("alert")).doesNotContain("LitperRedisMemoryHigh")
                .doesNotContain("LitperRedisNoMemoryLimit").doesNotContain("LitperRedisEvictingKeys")
                .contains("LitperQueueBacklog");
    }

    private static List<Map<String, Object>> rules(RenderedChart chart) {
        GenericKubernetesResource rule = (GenericKubernetesResource) chart.allOfKind("PrometheusRule").get(0);
        return rule.get("spec", "groups", 0, "rules");
    }

    private static Optional<Map<String, Object>> alert(List<Map<String, Object>> rules, String name) {
        return rules.stream().filter(rule -> name.equals(rule.get("alert"))).findFirst();
    }
}
