package com.litper.local;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Once the gateway listens, waits until every service answers {@code /ready} with UP (and the sandbox
 * its health) and prints
 * where everything is, how long it took and how much memory it uses. A service whose process
 * (or the sandbox) dies while starting stops the suite, with the end of its log on the screen.
 */
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {

    private final ServiceProcesses processes;
    private final LocalInfrastructure infrastructure;
    private final SuiteStatus status;
    private final LocalSuiteProperties properties;
    private final SandboxProcess sandbox;
    private final TraceViewer traceViewer;
    private final PrintStream out = System.out;
    private volatile boolean allReady;

    StartupReport(ServiceProcesses processes, LocalInfrastructure infrastructure, SuiteStatus status,
            LocalSuiteProperties properties, SandboxProcess sandbox, TraceViewer traceViewer) {
        this.traceViewer = traceViewer;
        this.processes = processes;
        this.infrastructure = infrastructure;
        this.status = status;
        this.properties = properties;
        this.sandbox = sandbox;
    }

    boolean allReady() {
        return allReady;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Thread waiter = new Thread(() -> waitAndReport(context, port), "local-suite-report");
        waiter.setDaemon(true);
        waiter.start();
    }

    private void waitAndReport(ConfigurableApplicationContext context, int port) {
        long deadline = System.nanoTime() + properties.readyTimeout().toNanos();
        List<SuiteService> services = processes.services();
        out.println("Litper local suite: waiting for " + services.size() + " services to be ready (logs in "
                + properties.data().resolve("logs") + ")...");
        while (context.isActive()) {
            for (SuiteService service : services) {
                if (!processes.isAlive(service)) {
                    fail(context, service.name() + " exited while starting. Last lines of " + processes.logFile(service) + ":\n"
                            + tail(processes.logFile(service), 25));
                    return;
                }
            }
            if (!sandbox.isAlive()) {
                fail(context, "The sandbox exited while starting. Last lines of " + sandbox.logFile() + ":\n"
                        + tail(sandbox.logFile(), 25));
                return;
            }
            if (!traceViewer.isAlive()) {
                fail(context, "The trace viewer (Zipkin) exited while starting. Last lines of " + traceViewer.logFile() + ":\n"
                        + tail(traceViewer.logFile(), 25));
                return;
            }
            if (services.stream().allMatch(s -> "UP".equals(status.probe(s, "ready").status()))
                    && "UP".equals(status.sandboxProbe().status()) && traceViewer.answers()) {
                allReady = true;
                printSummary(port);
                // Now that the suite is up, make the class data archives the next start uses (ClassDataSharing).
                processes.makeMissingArchives();
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(context, "Not every service was ready within " + properties.readyTimeout()
                        + ". See " + status.describe("http://localhost:" + port));
                return;
            }
            sleep(Duration.ofMillis(500));
        }
    }

    private void printSummary(int port) {
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        String url = "http://localhost:" + port;
        StringBuilder s = new StringBuilder();
        s.append('\n').append("Litper is up at ").append(url).append(String.format(" (%.1f s after start, %d MiB of memory in all)%n",
                uptimeMs / 1000.0, status.memoryMiB()));
        s.append(String.format("%n  %-20s %-7s %-6s %-11s %s%n", "service", "ready", "port", "management", "routes on " + url));
        for (SuiteService service : processes.services()) {
            s.append(String.format("  %-20s %-7s %-6d %-11d %s%n", service.name(), status.probe(service, "ready").status(),
                    processes.port(service), processes.managementPort(service), service.ingressPaths().isEmpty() ? "(queue worker, no routes)" : String.join(" ", service.ingressPaths())));
        }
        java.util.Map<String, Object> suite = status.describe(url);
        s.append(String.format("%n  PostgreSQL  %s (user postgres, no password)%n", suite.get("postgres")));
        if (suite.get("postgresReplica") != null) {
            s.append(String.format("  Replica     %s (streaming; read-only transactions go here)%n", suite.get("postgresReplica")));
        }
        s.append(String.format("  Redis       %s%n", suite.get("redis")));
        s.append(String.format("  Data        %s (kept between runs)%n", properties.data()));
        if (sandbox.enabled()) {
            s.append(String.format("  Sandbox     http://localhost:%d (carriers, WhatsApp; log %s)%n", sandbox.port(), sandbox.logFile()));
        }
        if (traceViewer.enabled()) {
            s.append(String.format("  Traces      %s (Zipkin: every request, task and outgoing call; log %s)%n", traceViewer.url(),
                    traceViewer.logFile()));
        }
        s.append(String.format("%nTry it:%n"));
        s.append(String.format("  curl %s/                              # every service and its readiness%n", url));
        s.append(String.format("  curl %s/services/api-service/ready    # one service's readiness probe%n", url));
        if (processes.services().stream().anyMatch(svc -> svc.name().equals("api-service"))) {
            s.append(String.format("%n  export KEY=%s   # the demo store's API key (docs/api.md)%n", infrastructure.demoApiKey()));
            s.append(String.format("  curl -s %s/api/orders -H \"Authorization: Bearer $KEY\"%n", url));
            s.append(String.format("%n  # the demo store's owner, %s, password %s (docs/security.md):%n",
                    infrastructure.demoOwnerEmail(), infrastructure.demoOwnerPassword()));
            s.append(String.format("  curl -s %s/api/auth/token -d grant_type=password -d username=%s -d password=%s%n", url,
                    infrastructure.demoOwnerEmail(), infrastructure.demoOwnerPassword()));
            s.append(String.format("  # the operator %s (dead letters, store creation):%n", infrastructure.operatorName()));
            s.append(String.format("  OPS=$(curl -s %s/api/auth/token -d grant_type=password -d username=%s -d password=%s | jq -r .access_token)%n", url,
                    infrastructure.operatorName(), infrastructure.operatorPassword()));
            processes.services().stream().filter(svc -> svc.name().equals("worker-service")).findFirst().ifPresent(worker -> s.append(
                    String.format("  curl -s http://localhost:%d/actuator/deadletters -H \"Authorization: Bearer $OPS\"   # management port%n",
                            processes.managementPort(worker))));
            s.append(String.format("  curl -si -X POST %s/api/orders -H \"Authorization: Bearer $KEY\" -H 'Content-Type: application/json' \\%n", url));
            s.append(String.format("    -d '{\"buyer\":{\"name\":\"Ana Gómez\",\"phone\":\"300 123 4567\"},\"destination\":{\"address\":\"Calle 26 # 68-35\",\"city\":\"Bogotá\"},"
                    + "\"items\":[{\"sku\":\"TSHIRT-M\",\"name\":\"Camiseta M\",\"quantity\":2,\"unitPrice\":45000}],\"declaredValue\":90000,\"cashOnDelivery\":90000}'%n"));
        }
        if (sandbox.enabled()) {
            s.append(String.format("%nWatch an order go (docs/sandboxes.md):%n"));
            s.append(String.format("  curl -s %s   # bookings and their carrier events%n", sandbox.pages().get(0)));
            s.append(String.format("  curl -s %s   # what the buyer got on WhatsApp%n", sandbox.pages().get(1)));
            s.append(String.format("  curl -s -X POST http://localhost:%d/sandbox/whatsapp/inbound -H 'Content-Type: application/json' \\%n"
                    + "    -d '{\"from\":\"+573001234567\",\"text\":\"Hola\"}'   # the buyer writes: see it in %s/api/chat/conversations%n",
                    sandbox.port(), "http://localhost:" + port));
        }
        s.append(String.format("%nCtrl-C stops everything.%n"));
        out.print(s);
        out.flush();
    }

    private static String tail(java.nio.file.Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void fail(ConfigurableApplicationContext context, String message) {
        System.err.println("Litper local suite: " + message);
        System.err.flush();
        int code = SpringApplication.exit(context, () -> 1);
        System.exit(code);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
