package com.litper.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.embedded.EndToEnd;
import com.litper.embedded.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The README's first command, for real: PostgreSQL, Redis, the six service jars and the sandbox jar
 * the build just produced come up, every service answers {@code /ready} UP through the gateway and
 * the sandbox answers on its port, data and generated secrets written in one run are there in the
 * next, and stopping leaves no process behind.
 */
@EndToEnd
class LocalSuiteEndToEndTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @Test
    void allSixServicesComeUpKeepTheirDataAndStopCleanly() throws Exception {
        Path data = Files.createTempDirectory("litper-local-e2e");
        int postgresPort = FreePorts.next();
        int sandboxPort = FreePorts.next();
        String[] args = {
                "--server.port=0",
                "--litper.local.project-root=../..",
                "--litper.local.data-directory=" + data,
                "--litper.local.postgres-port=" + postgresPort,
                "--litper.local.redis-port=" + FreePorts.next(),
                "--litper.local.service-port-base=" + freeBase(),
                "--litper.local.sandbox-port=" + sandboxPort,
                "--litper.local.trace-viewer-port=" + FreePorts.next()};
        UUID storeId = UUID.randomUUID();

        List<ProcessHandle> firstRun = runUntilReady(args, suite -> {
            // Once the suite is up it makes each service's class data archive; the next run starts from them.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (SuiteService service : SuiteService.CATALOG) {
                    assertThat(data.resolve("cds").resolve(service.name()).resolve(service.name() + ".jsa"))
                            .as("%s's class data archive", service.name()).isNotEmptyFile();
                }
            });
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgresPort + "/litper", "postgres", "")) {
                db.createStatement().execute("INSERT INTO api.store (id, name) VALUES ('" + storeId + "', 'Tienda Uno')");
            }
            assertSandboxAnswers(sandboxPort);
        });
        assertThat(firstRun).isNotEmpty().noneMatch(ProcessHandle::isAlive);
        Path secrets = data.resolve("sandbox-secrets.properties");
        String firstSecrets = Files.readString(secrets);
        assertThat(firstSecrets).contains("carriers.servientrega.webhook-secret=", "whatsapp.app-secret=");

        // The second run adds a streaming replica (--litper.local.replica=true), made from the kept data.
        int replicaPort = FreePorts.next();
        String[] withReplica = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--litper.local.replica=true", "--litper.local.replica-port=" + replicaPort)).toArray(String[]::new);
        List<ProcessHandle> secondRun = runUntilReady(withReplica, suite -> {
            for (int port : new int[] {postgresPort, replicaPort}) {
                try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/litper", "postgres", "");
                     ResultSet rs = db.createStatement().executeQuery("SELECT name, pg_is_in_recovery() FROM api.store WHERE id = '" + storeId + "'")) {
                    assertThat(rs.next()).as("the store written in the first run, on port %d", port).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("Tienda Uno");
                    assertThat(rs.getBoolean(2)).as("port %d is the replica", port).isEqualTo(port == replicaPort);
                }
            }
            for (ProcessHandle service : suite.getBean(ServiceProcesses.class).processes()) {
                assertThat(service.info().arguments().map(List::of).orElse(List.of()))
                        .as("pid %d starts from the archive of the first run", service.pid())
                        .anyMatch(argument -> argument.startsWith("-XX:SharedArchiveFile=" + data.resolve("cds")));
            }
        });
        assertThat(secondRun).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.readString(secrets)).as("the secrets are made once and kept").isEqualTo(firstSecrets);
    }

    /** The sandbox process is up on its port, with the developer pages the summary points to. */
    private static void assertSandboxAnswers(int sandboxPort) throws Exception {
        HttpResponse<String> health = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        for (String page : new String[] {"/sandbox/carriers/shipments", "/sandbox/whatsapp/messages"}) {
            HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandboxPort + page)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
        }
    }

    interface WhileUp {
        void run(ConfigurableApplicationContext suite) throws Exception;
    }

    /** Starts the suite, waits for all six services, runs {@code whileUp}, stops it; returns every process it ran. */
    private static List<ProcessHandle> runUntilReady(String[] args, WhileUp whileUp) throws Exception {
        ConfigurableApplicationContext suite = new SpringApplicationBuilder(LocalSuiteApplication.class).run(args);
        List<ProcessHandle> processes = new ArrayList<>();
        try {
            int port = ((WebServerApplicationContext) suite).getWebServer().getPort();
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (SuiteService service : SuiteService.CATALOG) {
                    HttpResponse<String> ready = get(port, "/services/" + service.name() + "/ready");
                    assertThat(ready.statusCode()).as(service.name()).isEqualTo(200);
                    assertThat(ready.body()).as(service.name()).contains("\"status\":\"UP\"");
                }
            });
            // Routed to api-service, which refuses it (no such endpoint, or no API key) as problem+json.
            HttpResponse<String> routed = get(port, "/api/no-such-thing");
            assertThat(routed.statusCode()).isBetween(400, 499);
            assertThat(routed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
            // The report polls on its own (services and sandbox); it says "up" shortly after the probes above.
            await().atMost(Duration.ofSeconds(30)).until(() -> suite.getBean(StartupReport.class).allReady());
            processes.addAll(suite.getBean(ServiceProcesses.class).processes());
            processes.addAll(suite.getBean(LocalInfrastructure.class).processes());
            processes.addAll(suite.getBean(SandboxProcess.class).processes());
            assertThat(suite.getBean(SandboxProcess.class).processes()).as("the sandbox process").hasSize(1);
            assertThat(processes).hasSizeGreaterThan(SuiteService.CATALOG.size() + 2);
            whileUp.run(suite);
        } finally {
            suite.close();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
        return processes;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int freeBase() {
        for (int base = 31000; base < 40000; base += 10) {
            boolean free = true;
            for (int i = 0; i < SuiteService.CATALOG.size() && free; i++) {
                free = FreePorts.isFree(base + i) && FreePorts.isFree(base + 1000 + i);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("No free port range for the services");
    }
}
