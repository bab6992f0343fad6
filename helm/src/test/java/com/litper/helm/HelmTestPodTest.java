package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code helm test litper}: one pod that checks every component's readiness through its Service, and is let through the NetworkPolicies. */
class HelmTestPodTest {

    @Test
    void theTestPodAsksEveryServiceForReadiness() {
        RenderedChart chart = RenderedChart.withHooks(Map.of());
        Pod pod = chart.get(Pod.class, "litper-readiness-test");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(RenderedChart.HOOK_ANNOTATION, "test");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        Container container = pod.getSpec().getContainers().get(0);
        String script = String.join("\n", container.getArgs());

        List<Service> services = chart.all(Service.class);
        assertThat(services).hasSize(7);
        for (Service service : services) {
            int port = service.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName()) || p.getPort() == 8000)
                    .findFirst().orElseThrow().getPort();
            assertThat(script).contains("http://" + service.getMetadata().getName() + ":" + port + "/ready");
        }
        assertThat(script).contains("exit $failed");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    @Test
    void theNetworkPoliciesLetTheTestPodReachTheServicesAndNothingElse() {
        RenderedChart chart = RenderedChart.withHooks(Map.of());
        NetworkPolicy own = chart.get(NetworkPolicy.class, "litper-readiness-test");
        assertThat(own.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "readiness-test");
        assertThat(own.getSpec().getEgress()).flatExtracting(rule -> rule.getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsOnly(53, 8000);
        for (NetworkPolicy policy : chart.all(NetworkPolicy.class)) {
            if (policy.getMetadata().getName().endsWith("-network-policy")) {
                assertThat(policy.getSpec().getIngress()).as(policy.getMetadata().getName()).anySatisfy(rule -> {
                    assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "readiness-test");
                    assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8000);
                });
            }
        }
    }

    @Test
    void withoutTestsThereIsNoTestPodAndNoOpening() {
        assertThat(RenderedChart.withHooks(Map.of()).find(Pod.class, "litper-readiness-test")).isPresent();
        RenderedChart chart = RenderedChart.withHooks(Map.of("tests.enabled", false));
        assertThat(chart.find(Pod.class, "litper-readiness-test")).isEmpty();
        assertThat(chart.yaml()).doesNotContain("readiness-test");
    }
}
