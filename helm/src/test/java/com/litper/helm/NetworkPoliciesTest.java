package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Default deny for the release's pods, then only the traffic each component needs. */
class NetworkPoliciesTest {

    private static final RenderedChart CHART = RenderedChart.defaults();
    private static final Set<String> CALL_OUT_OVER_HTTPS = Set.of("agent-orchestrator", "chat", "tracking", "worker", "worker-low");

    @Test
    void everyPodOfTheReleaseIsDeniedByDefault() {
        NetworkPolicy deny = CHART.get(NetworkPolicy.class, "litper-default-deny");

        assertThat(deny.getSpec().getPodSelector().getMatchLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "litper", "app.kubernetes.io/instance", "litper"));
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(deny.getSpec().getEgress()).isNullOrEmpty();
    }

    @Test
    void apiAcceptsOnlyIngressNginxOn8000PrometheusOn9000AndTheReleasesPodsFetchingItsKeys() {
        NetworkPolicy api = CHART.get(NetworkPolicy.class, "litper-api-network-policy");

        assertThat(api.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "api");
        assertThat(api.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        // The fourth rule admits the `helm test` pod (HelmTestPodTest).
        assertThat(api.getSpec().getIngress()).hasSize(4);
        var fromNginx = api.getSpec().getIngress().get(0);
        assertThat(fromNginx.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "ingress-nginx");
            assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
        });
        assertThat(fromNginx.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getProtocol()).isEqualTo("TCP");
            assertThat(port.getPort().getIntVal()).isEqualTo(8000);
        });
        var fromPrometheus = api.getSpec().getIngress().get(1);
        assertThat(fromPrometheus.getFrom()).singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "prometheus"));
        // Prometheus reaches the management port (the actuator endpoints) and nothing else; no one else reaches it.
        assertThat(fromPrometheus.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(9000));
        // Every service checks access tokens against api-service's /.well-known/jwks.json.
        var fromRelease = api.getSpec().getIngress().get(2);
        assertThat(fromRelease.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector().getMatchLabels())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("app.kubernetes.io/name", "litper", "app.kubernetes.io/instance", "litper"));
            assertThat(peer.getNamespaceSelector()).isNull();
        });
        assertThat(fromRelease.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8000));
    }

    @Test
    void workersServeNoRoutesSoOnlyPrometheusAndTheHelmTestPodReachThem() {
        NetworkPolicy worker = CHART.get(NetworkPolicy.class, "litper-worker-network-policy");

        assertThat(worker.getSpec().getIngress()).hasSize(2);
        assertThat(worker.getSpec().getIngress().get(0)).satisfies(rule -> {
            assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "prometheus");
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(9000));
        });
        // /ready for `helm test`, from its pod only.
        assertThat(worker.getSpec().getIngress().get(1)).satisfies(rule -> {
            assertThat(rule.getFrom().get(0).getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "readiness-test");
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal()).isEqualTo(8000));
        });
    }

    @Test
    void agentOrchestratorReachesTrackingServiceForTheTimelineToolAndNothingElseDoes() {
        NetworkPolicy agents = CHART.get(NetworkPolicy.class, "litper-agent-orchestrator-network-policy");
        NetworkPolicy tracking = CHART.get(NetworkPolicy.class, "litper-tracking-network-policy");

        assertThat(agents.getSpec().getEgress()).as("agent-orchestrator → tracking-service:8000")
                .anyMatch(rule -> ports(rule.getPorts()).equals(Set.of(8000)) && rule.getTo().size() == 1
                        && component(rule.getTo().get(0)).equals("tracking"));
        assertThat(tracking.getSpec().getIngress()).as("tracking-service ← agent-orchestrator on 8000")
                .anyMatch(rule -> ports(rule.getPorts()).equals(Set.of(8000)) && rule.getFrom().size() == 1
                        && component(rule.getFrom().get(0)).equals("agent-orchestrator"));
        // No other component is let in to tracking-service this way.
        assertThat(tracking.getSpec().getIngress()).noneMatch(rule -> rule.getFrom().stream()
                .anyMatch(peer -> Set.of("chat", "worker", "api", "analytics").contains(component(peer))));
        // Without agent-orchestrator, tracking-service lets nobody in for it.
        NetworkPolicy alone = RenderedChart.with(Map.of("agentOrchestrator.enabled", false)).get(NetworkPolicy.class, "litper-tracking-network-policy");
        assertThat(alone.getSpec().getIngress()).noneMatch(rule -> rule.getFrom().stream().anyMatch(peer -> component(peer).equals("agent-orchestrator")));
    }

    /** The component a peer selects by its pod labels; empty for other peers. */
    private static String component(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer peer) {
        if (peer.getPodSelector() == null || peer.getPodSelector().getMatchLabels() == null) {
            return "";
        }
        return peer.getPodSelector().getMatchLabels().getOrDefault("app.kubernetes.io/component", "");
    }

    private static Set<Integer> ports(List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort> ports) {
        return ports == null ? Set.of() : ports.stream().map(port -> port.getPort().getIntVal()).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void onlyPrometheusReachesAnyManagementPort() {
        for (NetworkPolicy policy : CHART.all(NetworkPolicy.class)) {
            for (var rule : policy.getSpec().getIngress() == null ? List.<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule>of()
                    : policy.getSpec().getIngress()) {
                boolean management = rule.getPorts().stream().anyMatch(port -> port.getPort().getIntVal() == 9000);
                boolean prometheus = rule.getFrom().stream().allMatch(peer -> peer.getPodSelector() != null
                        && "prometheus".equals(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")));
                assertThat(!management || prometheus).as(policy.getMetadata().getName() + ": 9000 open to " + rule.getFrom()).isTrue();
            }
        }
    }

    @Test
    void egressGoesOnlyToDnsPostgresRedisApiServiceAndForCallersHttps() {
        for (NetworkPolicy policy : CHART.all(NetworkPolicy.class)) {
            String name = policy.getMetadata().getName();
            if (name.equals("litper-default-deny")) {
                continue;
            }
            String component = name.substring("litper-".length(), name.length() - "-network-policy".length());
            Set<Integer> ports = egressPorts(policy.getSpec().getEgress());
            boolean worker = component.startsWith("worker");
            boolean elects = Set.of("tracking", "analytics", "worker").contains(component);

            assertThat(ports).as(name).contains(53, 6379, 26379);
            assertThat(ports.contains(5432)).as(name + ": PostgreSQL only for components that own tables").isEqualTo(!worker);
            assertThat(ports.contains(443)).as(name + ": HTTPS only for callers of carriers, WhatsApp, Claude or the Kubernetes API")
                    .isEqualTo(CALL_OUT_OVER_HTTPS.contains(component) || elects);
            assertThat(ports.contains(8000)).as(name + ": api-service on 8000 for the token signing keys").isEqualTo(!component.equals("api"));
            Set<Integer> allowed = Set.of(53, 5432, 6379, 26379, 443, 6443, 8000);
            assertThat(allowed).as(name).containsAll(ports);

            var dns = policy.getSpec().getEgress().get(0);
            assertThat(dns.getTo()).singleElement()
                    .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns"));
        }
        var api = CHART.get(NetworkPolicy.class, "litper-api-network-policy");
        assertThat(api.getSpec().getEgress()).noneMatch(rule -> rule.getTo() != null
                && rule.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null));
    }

    @Test
    void policiesCanBeTurnedOffAndPeersNarrowed() {
        assertThat(RenderedChart.with(Map.of("networkPolicy.enabled", false)).all(NetworkPolicy.class)).isEmpty();

        RenderedChart chart = RenderedChart.withValues("""
                networkPolicy:
                  database:
                    to:
                      - podSelector:
                          matchLabels:
                            cnpg.io/cluster: litper-db
                """);
        var rule = chart.get(NetworkPolicy.class, "litper-api-network-policy").getSpec().getEgress().stream()
                .filter(r -> egressPorts(List.of(r)).contains(5432)).findFirst().orElseThrow();
        assertThat(rule.getTo()).singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("cnpg.io/cluster", "litper-db"));
    }

    private static Set<Integer> egressPorts(List<NetworkPolicyEgressRule> rules) {
        return rules.stream()
                .flatMap(rule -> rule.getPorts().stream())
                .map(NetworkPolicyPort::getPort)
                .map(port -> port.getIntVal())
                .collect(Collectors.toSet());
    }
}
