package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.queue.QueueKeys;
import com.litper.common.queue.TaskPriority;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HorizontalPodAutoscalers, PodDisruptionBudgets and the optional KEDA ScaledObjects. */
class ScalingTest {

    private static final RenderedChart CHART = RenderedChart.defaults();

    @Test
    void apiAutoscalesExactlyAsTheSpecificationShows() {
        HorizontalPodAutoscaler hpa = CHART.get(HorizontalPodAutoscaler.class, "litper-api-hpa");

        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("litper-api");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(50);
        assertThat(utilisationTargets(hpa)).containsExactlyInAnyOrderEntriesOf(Map.of("cpu", 70, "memory", 80));
        assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(300);
        assertThat(hpa.getSpec().getBehavior().getScaleUp().getStabilizationWindowSeconds()).isEqualTo(60);
    }

    @Test
    void everyComponentAutoscalesWithTheSpecificationsTargetsAndItsOwnBounds() {
        Map<String, int[]> bounds = Map.of(
                "litper-api-hpa", new int[] {3, 50},
                "litper-agent-orchestrator-hpa", new int[] {2, 10},
                "litper-chat-hpa", new int[] {2, 20},
                "litper-tracking-hpa", new int[] {2, 20},
                "litper-analytics-hpa", new int[] {1, 5},
                "litper-worker-hpa", new int[] {3, 50},
                "litper-worker-low-hpa", new int[] {2, 10});

        assertThat(CHART.all(HorizontalPodAutoscaler.class)).extracting(h -> h.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(bounds.keySet());
        bounds.forEach((name, minMax) -> {
            HorizontalPodAutoscaler hpa = CHART.get(HorizontalPodAutoscaler.class, name);
            assertThat(hpa.getSpec().getMinReplicas()).as(name).isEqualTo(minMax[0]);
            assertThat(hpa.getSpec().getMaxReplicas()).as(name).isEqualTo(minMax[1]);
            assertThat(utilisationTargets(hpa)).as(name).containsExactlyInAnyOrderEntriesOf(Map.of("cpu", 70, "memory", 80));
            assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).as(name).isEqualTo(300);
            assertThat(hpa.getSpec().getBehavior().getScaleUp().getStabilizationWindowSeconds()).as(name).isEqualTo(60);
        });
    }

    @Test
    void perComponentOverridesTakeEffectAndAnExplicitFalseWins() {
        RenderedChart chart = RenderedChart.with(Map.of(
                "autoscaling.targetCPU", 60,
                "chat.autoscaling.maxReplicas", 40,
                "analytics.autoscaling.enabled", false));

        HorizontalPodAutoscaler chat = chart.get(HorizontalPodAutoscaler.class, "litper-chat-hpa");
        assertThat(chat.getSpec().getMaxReplicas()).isEqualTo(40);
        assertThat(chat.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(utilisationTargets(chat)).containsEntry("cpu", 60);
        assertThat(chart.find(HorizontalPodAutoscaler.class, "litper-analytics-hpa")).isEmpty();
        assertThat(utilisationTargets(chart.get(HorizontalPodAutoscaler.class, "litper-api-hpa"))).containsEntry("cpu", 60);
    }

    @Test
    void apiKeepsTwoPodsThroughVoluntaryDisruptionsAndEveryOtherComponentStaysDrainable() {
        PodDisruptionBudget api = CHART.get(PodDisruptionBudget.class, "litper-api-pdb");
        assertThat(api.getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(api.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "api");

        assertThat(CHART.all(PodDisruptionBudget.class)).hasSize(7);
        // A budget as large as the replica count would block every node drain.
        for (var deployment : CHART.all(io.fabric8.kubernetes.api.model.apps.Deployment.class)) {
            String name = deployment.getMetadata().getName();
            PodDisruptionBudget pdb = CHART.get(PodDisruptionBudget.class, name + "-pdb");
            if (pdb.getSpec().getMinAvailable() != null) {
                assertThat(pdb.getSpec().getMinAvailable().getIntVal()).as(name).isLessThan(deployment.getSpec().getReplicas());
            } else {
                assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).as(name).isPositive();
            }
        }
        assertThat(CHART.get(PodDisruptionBudget.class, "litper-analytics-pdb").getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    }

    @Test
    void pdbOverridesTakeEffect() {
        RenderedChart chart = RenderedChart.with(Map.of("api.pdb.minAvailable", "50%", "chat.pdb.create", false));

        assertThat(chart.get(PodDisruptionBudget.class, "litper-api-pdb").getSpec().getMinAvailable().getStrVal()).isEqualTo("50%");
        assertThat(chart.find(PodDisruptionBudget.class, "litper-chat-pdb")).isEmpty();
    }

    @Test
    void kedaScalesTheWorkersOnQueueDepthInsteadOfTheirHpas() {
        assertThat(CHART.allOfKind("ScaledObject")).isEmpty();

        RenderedChart chart = RenderedChart.with(Map.of("keda.enabled", true));

        assertThat(chart.allOfKind("ScaledObject")).extracting(o -> o.getMetadata().getName())
                .containsExactlyInAnyOrder("litper-worker", "litper-worker-low");
        GenericKubernetesResource low = (GenericKubernetesResource) chart.allOfKind("ScaledObject").stream()
                .filter(o -> o.getMetadata().getName().equals("litper-worker-low")).findFirst().orElseThrow();
        assertThat(low.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat((Object) low.get("spec", "scaleTargetRef", "name")).isEqualTo("litper-worker-low");
        assertThat((Object) low.get("spec", "minReplicaCount")).isEqualTo(2);
        assertThat((Object) low.get("spec", "maxReplicaCount")).isEqualTo(10);
        // KEDA creates its own HPA for these Deployments; a second one would fight it.
        assertThat(chart.find(HorizontalPodAutoscaler.class, "litper-worker-hpa")).isEmpty();
        assertThat(chart.find(HorizontalPodAutoscaler.class, "litper-worker-low-hpa")).isEmpty();
        assertThat(chart.find(HorizontalPodAutoscaler.class, "litper-api-hpa")).isPresent();
    }

    @Test
    void kedaReadsEachPriorityReadyListFromRedisSoScalingWorksWithoutPrometheus() {
        RenderedChart chart = RenderedChart.with(Map.of("keda.enabled", true));
        GenericKubernetesResource all = scaledObject(chart, "litper-worker");
        GenericKubernetesResource low = scaledObject(chart, "litper-worker-low");

        List<Map<String, Object>> allTriggers = all.get("spec", "triggers");
        assertThat(allTriggers).extracting(t -> t.get("name")).containsExactly("critical", "high", "normal", "low");
        for (Map<String, Object> trigger : allTriggers) {
            TaskPriority priority = TaskPriority.valueOf(trigger.get("name").toString().toUpperCase(java.util.Locale.ROOT));
            assertThat(trigger.get("type")).isEqualTo("redis-sentinel");
            Map<String, Object> metadata = (Map<String, Object>) trigger.get("metadata");
            // The very key the queue pushes this priority's tasks to (a LIST: what KEDA's Redis scalers read with LLEN).
            assertThat(metadata).containsEntry("listName", new QueueKeys("worker").ready(priority))
                    .containsEntry("addresses", "litper-redis:26379").containsEntry("sentinelMaster", "mymaster")
                    .containsEntry("databaseIndex", "0").containsEntry("activationListLength", "0");
            assertThat((Map<String, Object>) trigger.get("authenticationRef")).containsEntry("name", "litper-keda-redis");
        }
        assertThat(allTriggers).extracting(t -> (Object) ((Map<?, ?>) t.get("metadata")).get("listLength")).containsExactly("5", "20", "100", "200");
        assertThat((Object) all.get("spec", "minReplicaCount")).isEqualTo(3);
        assertThat((Object) all.get("spec", "maxReplicaCount")).isEqualTo(50);
        assertThat((Object) all.get("spec", "fallback", "replicas")).isEqualTo(10);
        assertThat((Object) all.get("spec", "fallback", "failureThreshold")).isEqualTo(3);

        // The "low pri" workers scale on LOW depth only.
        List<Map<String, Object>> lowTriggers = low.get("spec", "triggers");
        assertThat(lowTriggers).hasSize(1);
        assertThat((Map<String, Object>) lowTriggers.get(0).get("metadata"))
                .containsEntry("listName", new QueueKeys("worker").ready(TaskPriority.LOW)).containsEntry("listLength", "50");

        GenericKubernetesResource auth = (GenericKubernetesResource) chart.allOfKind("TriggerAuthentication").get(0);
        assertThat(auth.getMetadata().getName()).isEqualTo("litper-keda-redis");
        List<Map<String, Object>> refs = auth.get("spec", "secretTargetRef");
        assertThat(refs).extracting(r -> r.get("parameter")).containsExactly("password", "sentinelPassword");
        assertThat(refs).allSatisfy(r -> assertThat(r).containsEntry("name", "litper-secrets").containsEntry("key", "redis-password"));
    }

    @Test
    void withoutSentinelKedaReadsThePlainRedisAndPrometheusRemainsAnOption() {
        RenderedChart plain = RenderedChart.with(Map.of("keda.enabled", true, "redis.sentinel.enabled", false, "redis.auth.enabled", false));
        Map<String, Object> trigger = scaledObject(plain, "litper-worker-low").get("spec", "triggers", 0);
        assertThat(trigger).containsEntry("type", "redis").doesNotContainKey("authenticationRef");
        assertThat((Map<String, Object>) trigger.get("metadata")).containsEntry("address", "litper-redis-master:6379");
        assertThat(plain.allOfKind("TriggerAuthentication")).isEmpty();

        RenderedChart prometheus = RenderedChart.with(Map.of("keda.enabled", true, "keda.source", "prometheus"));
        Map<String, Object> query = scaledObject(prometheus, "litper-worker-low").get("spec", "triggers", 0);
        assertThat(query).containsEntry("type", "prometheus");
        assertThat((String) ((Map<?, ?>) query.get("metadata")).get("query")).contains("LOW");
        assertThat(prometheus.allOfKind("TriggerAuthentication")).isEmpty();
    }

    private static GenericKubernetesResource scaledObject(RenderedChart chart, String name) {
        return (GenericKubernetesResource) chart.allOfKind("ScaledObject").stream()
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static Map<String, Integer> utilisationTargets(HorizontalPodAutoscaler hpa) {
        return hpa.getSpec().getMetrics().stream()
                .filter(metric -> "Resource".equals(metric.getType()))
                .map(MetricSpec::getResource)
                .peek(resource -> assertThat(resource.getTarget().getType()).isEqualTo("Utilization"))
                .collect(java.util.stream.Collectors.toMap(r -> r.getName(), r -> r.getTarget().getAverageUtilization()));
    }
}
