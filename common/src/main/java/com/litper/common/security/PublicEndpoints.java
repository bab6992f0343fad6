package com.litper.common.security;

import java.util.List;

/**
 * Every path any Litper service answers without credentials, in one place (each with a test in
 * {@code PublicEndpointsTest}). Anything under {@code /api/**} or {@code /agents/**} not listed
 * here needs a token (or an API key in api-service); {@code /actuator/**} needs an operator.
 */
public final class PublicEndpoints {

    /** Probes: Kubernetes calls them without credentials. */
    public static final List<String> PROBES = List.of("/health", "/ready", "/actuator/health", "/actuator/health/**");
    /** Carriers' and WhatsApp's webhooks: each checks its sender's signature itself. */
    public static final String WEBHOOKS = "/webhooks/**";
    /** The buyers' tracking lookup: rate-limited and free of personal data. */
    public static final String TRACKING_LOOKUP = "/api/tracking/*";
    /**
     * analytics-service's report downloads: each link is signed (HMAC) for one report and expires
     * within minutes, so the link is the credential (a browser opens it without a token).
     */
    public static final String REPORT_FILES = "/api/analytics/reports/*/file";
    /** The API's description, read before a client has credentials. */
    public static final String OPENAPI = "/api/openapi.yaml";
    /** api-service's public signing keys, which every other service fetches. */
    public static final String JWKS = "/.well-known/jwks.json";
    /** Where users and integrations get tokens: its grants carry their own credentials. */
    public static final String TOKEN = "/api/auth/token";
    /** Where an invited user sets a password: the invitation token is the credential. */
    public static final String INVITATIONS = "/api/auth/invitations/accept";
    /**
     * Metrics, scraped by Prometheus without credentials. Served on the management port only
     * ({@code management.server.port}, 9000), which the NetworkPolicy opens to Prometheus alone; on
     * the application port no actuator endpoint exists, so this path answers 404 there.
     */
    public static final String PROMETHEUS = "/actuator/prometheus";

    private PublicEndpoints() {
    }

    /** All public path patterns, in Spring's path-pattern syntax. */
    public static List<String> patterns() {
        var all = new java.util.ArrayList<>(PROBES);
        all.addAll(List.of(WEBHOOKS, TRACKING_LOOKUP, REPORT_FILES, OPENAPI, JWKS, TOKEN, INVITATIONS, PROMETHEUS));
        return List.copyOf(all);
    }
}
