package com.litper.common.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.autoconfigure.LitperSchedulingAutoConfiguration;
import com.litper.common.leader.autoconfigure.LeaderElectionAutoConfiguration;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Two candidates against fabric8's Kubernetes mock server (CRUD mode stores the Lease like an API server). */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesLeaderElectionTest {

    private static final String NAMESPACE = "litper";

    KubernetesClient client;

    private final List<LeaderElection> started = new CopyOnWriteArrayList<>();
    // What Boot's task scheduler is in a service: one pool shared by every candidate of the test.
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopCandidates() {
        started.forEach(LeaderElection::stop);
        executor.shutdownNow();
    }

    @Test
    void exactlyOneOfTwoCandidatesLeadsAndTheLeaseNamesIt() {
        KubernetesLeaderElection a = candidate("tracking-leader", "pod-a");
        KubernetesLeaderElection b = candidate("tracking-leader", "pod-b");

        await().atMost(Duration.ofSeconds(15)).until(() -> a.isLeader() || b.isLeader());
        // Let several retry periods pass: the follower must not take over a renewed Lease.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> a.isLeader() ^ b.isLeader());

        KubernetesLeaderElection leader = a.isLeader() ? a : b;
        Lease lease = client.leases().inNamespace(NAMESPACE).withName("tracking-leader").get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity());
    }

    @Test
    void leadershipMovesWhenTheLeaderStops() {
        KubernetesLeaderElection a = candidate("reports-leader", "pod-a");
        await().atMost(Duration.ofSeconds(15)).until(a::isLeader);
        List<Boolean> bChanges = new CopyOnWriteArrayList<>();
        KubernetesLeaderElection b = candidate("reports-leader", "pod-b");
        b.addListener(bChanges::add);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> a.isLeader() && !b.isLeader());

        a.stop();

        assertThat(a.isLeader()).isFalse();
        await().atMost(Duration.ofSeconds(15)).until(b::isLeader);
        assertThat(bChanges).containsExactly(true);
        assertThat(client.leases().inNamespace(NAMESPACE).withName("reports-leader").get().getSpec().getHolderIdentity())
                .isEqualTo("pod-b");
    }

    @Test
    void separateElectionsHaveSeparateLeaders() {
        KubernetesLeaderElection tracking = candidate("tracking-leader", "pod-a");
        KubernetesLeaderElection reports = candidate("reports-leader", "pod-b");

        await().atMost(Duration.ofSeconds(15)).until(() -> tracking.isLeader() && reports.isLeader());
    }

    @Test
    void theAutoConfigurationElectsThroughALeaseWhenTheModeIsKubernetes() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LitperSchedulingAutoConfiguration.class,
                        TaskSchedulingAutoConfiguration.class, LeaderElectionAutoConfiguration.class))
                .withBean(KubernetesClient.class, () -> client)
                .withPropertyValues("spring.application.name=tracking-service", "litper.leader.mode=kubernetes",
                        "litper.leader.identity=pod-1", "litper.leader.namespace=" + NAMESPACE,
                        "litper.leader.lease-duration=3s", "litper.leader.renew-deadline=2s", "litper.leader.retry-period=250ms")
                .run(context -> {
                    LeaderElection election = context.getBean(LeaderElection.class);
                    assertThat(election).isInstanceOf(KubernetesLeaderElection.class);
                    assertThat(election.name()).isEqualTo("tracking-service-leader");
                    // The application context started it: it campaigns without any call from the service.
                    await().atMost(Duration.ofSeconds(15)).until(election::isLeader);
                    assertThat(client.leases().inNamespace(NAMESPACE).withName("tracking-service-leader").get()
                            .getSpec().getHolderIdentity()).isEqualTo("pod-1");
                });
    }

    private KubernetesLeaderElection candidate(String name, String identity) {
        // Short timings keep the test quick; the ratios (retry < renew deadline < lease) are the production ones.
        KubernetesLeaderElection election = new KubernetesLeaderElection(client, NAMESPACE, name, identity,
                Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250), executor);
        election.start();
        started.add(election);
        return election;
    }
}
