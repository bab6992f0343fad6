package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Ingress routes the specification's three path families to their services. */
class IngressTest {

    @Test
    void routesApiAgentsAndWebhooksThroughNginx() {
        Ingress ingress = RenderedChart.defaults().get(Ingress.class, "litper");

        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).isNullOrEmpty();
        assertThat(ingress.getSpec().getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("litper.local"));
        Map<String, String> routes = routes(ingress);
        assertThat(routes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/api", "litper-api",
                "/api/chat", "litper-chat",
                "/api/tracking", "litper-tracking",
                "/api/analytics", "litper-analytics",
                "/agents", "litper-agent-orchestrator",
                "/webhooks/whatsapp", "litper-chat",
                "/webhooks/carriers", "litper-tracking"));
        assertThat(routes.keySet()).anyMatch(p -> p.equals("/api"))
                .anyMatch(p -> p.equals("/agents"))
                .anyMatch(p -> p.startsWith("/webhooks/"));
        assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths())
                .allSatisfy(path -> {
                    assertThat(path.getPathType()).isEqualTo("Prefix");
                    assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
                });
    }

    @Test
    void tlsAndHostAreOptional() {
        Ingress tls = RenderedChart.with(Map.of("ingress.tls", true, "ingress.hostname", "api.litper.co"))
                .get(Ingress.class, "litper");
        assertThat(tls.getSpec().getTls()).singleElement().satisfies(t -> {
            assertThat(t.getHosts()).containsExactly("api.litper.co");
            assertThat(t.getSecretName()).isEqualTo("api.litper.co-tls");
        });

        Ingress anyHost = RenderedChart.with(Map.of("ingress.hostname", "")).get(Ingress.class, "litper");
        assertThat(anyHost.getSpec().getRules().get(0).getHost()).isNull();

        assertThat(RenderedChart.with(Map.of("ingress.enabled", false)).all(Ingress.class)).isEmpty();
    }

    @Test
    void aDisabledComponentLosesItsRoutes() {
        Ingress ingress = RenderedChart.with(Map.of("analytics.enabled", false)).get(Ingress.class, "litper");

        assertThat(routes(ingress)).doesNotContainKey("/api/analytics").containsKey("/api");
    }

    private static Map<String, String> routes(Ingress ingress) {
        return ingress.getSpec().getRules().get(0).getHttp().getPaths().stream()
                .collect(Collectors.toMap(HTTPIngressPath::getPath, path -> path.getBackend().getService().getName()));
    }
}
