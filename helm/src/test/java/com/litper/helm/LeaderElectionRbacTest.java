package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Components that run singleton schedulers may manage coordination.k8s.io Leases, and nothing else. */
class LeaderElectionRbacTest {

    @Test
    void leaderElectingServiceAccountsMayManageLeasesOnly() {
        RenderedChart chart = RenderedChart.defaults();

        Role role = chart.get(Role.class, "litper-leader-election");
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).contains("get", "create", "update").doesNotContain("delete", "*");
        });
        RoleBinding binding = chart.get(RoleBinding.class, "litper-leader-election");
        assertThat(binding.getRoleRef().getName()).isEqualTo("litper-leader-election");
        assertThat(binding.getSubjects()).extracting(Subject::getName)
                .containsExactlyInAnyOrder("litper-tracking", "litper-analytics", "litper-worker");
    }

    @Test
    void redisModeNeedsNoRbac() {
        RenderedChart chart = RenderedChart.with(Map.of("leaderElection.mode", "redis"));

        assertThat(chart.all(Role.class)).isEmpty();
        assertThat(chart.all(RoleBinding.class)).isEmpty();
        assertThat(DeploymentsTest.env(chart.get(io.fabric8.kubernetes.api.model.apps.Deployment.class, "litper-tracking"), "LITPER_LEADER_MODE"))
                .contains("redis");
    }
}
