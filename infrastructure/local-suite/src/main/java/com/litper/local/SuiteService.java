package com.litper.local;

import java.util.List;
import java.util.Optional;

/**
 * One Litper service as the local suite runs it: its Maven module (and jar) and the path prefixes
 * the Kubernetes Ingress sends to it. The order matters twice: ports are handed out in it, and
 * routes are matched in it (the specific {@code /api/tracking} before the catch-all {@code /api}).
 */
public record SuiteService(String name, List<String> ingressPaths) {

    /** Every service, most specific routes first; the Helm chart's Ingress routes the same way. */
    public static final List<SuiteService> CATALOG = List.of(
            new SuiteService("tracking-service", List.of("/api/tracking/**", "/webhooks/carriers/**")),
            new SuiteService("chat-service", List.of("/api/chat/**", "/webhooks/whatsapp", "/webhooks/whatsapp/**")),
            new SuiteService("analytics-service", List.of("/api/analytics/**")),
            new SuiteService("agent-orchestrator", List.of("/agents/**")),
            new SuiteService("api-service", List.of("/api/**")),
            new SuiteService("worker-service", List.of()));

    public static Optional<SuiteService> named(String name) {
        return CATALOG.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Index in the catalog, which fixes the service's local port. */
    public int index() {
        return CATALOG.indexOf(this);
    }
}
