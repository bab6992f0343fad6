package com.litper.chaos;

import com.litper.embedded.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local suite as the chaos run drives it: the launcher jar started as a process with a
 * PostgreSQL replica, Redis Sentinel and its {@code /chaos/*} fault orders on, on free ports, its
 * data in a fresh directory; and plain HTTP to its gateway, its fault orders and the sandbox.
 */
final class Suite implements AutoCloseable {

    static final List<String> SERVICES = List.of("api-service", "agent-orchestrator", "chat-service", "tracking-service",
            "analytics-service", "worker-service");
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Path data;
    private final int port = FreePorts.next();
    private final int sandboxPort = FreePorts.next();
    private final Process process;
    private String apiKey;

    private Suite(Path root, Path data, Duration sandboxStep, Path log) throws IOException {
        this.data = data;
        Path jar = root.resolve("infrastructure/local-suite/target/litper-local-suite.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No local suite jar at " + jar + ". Build first: ./mvnw -DskipTests package");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--litper.local.project-root=" + root,
                "--litper.local.data-directory=" + data,
                "--litper.local.postgres-port=" + FreePorts.next(),
                "--litper.local.replica=true",
                "--litper.local.replica-port=" + FreePorts.next(),
                "--litper.local.redis-sentinel=true",
                "--litper.local.chaos=true",
                "--litper.local.service-port-base=" + freeServiceBase(),
                "--litper.local.sandbox-port=" + sandboxPort,
                "--litper.local.sandbox-step-interval=" + sandboxStep.toMillis() + "ms",
                // Faults, not traces: no trace viewer, one JVM fewer.
                "--litper.local.trace-viewer=false"));
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static Suite start(Path root, Path data, Duration sandboxStep, Path log, Duration readyTimeout) throws Exception {
        Suite suite = new Suite(root, data, sandboxStep, log);
        try {
            suite.awaitReady(readyTimeout);
            suite.apiKey = Files.readString(data.resolve("demo-api-key")).strip();
            return suite;
        } catch (Exception | Error e) {
            suite.close();
            throw e;
        }
    }

    private static int freeServiceBase() {
        // Below the kernel's ephemeral range (32768 and up), where the servers' own free ports are picked.
        for (int base = 21000; base < 30000; base += 10) {
            boolean free = true;
            for (int i = 0; i < SERVICES.size() && free; i++) {
                free = FreePorts.isFree(base + i) && FreePorts.isFree(base + 1000 + i);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("No free port range for the services");
    }

    private void awaitReady(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The local suite exited with code " + process.exitValue() + "; see its log");
            }
            if (allReady()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("The local suite was not ready within " + timeout);
    }

    /** True when every service and the sandbox answer ready. */
    boolean allReady() {
        try {
            JsonNode index = JSON.readTree(get("http://127.0.0.1:" + port + "/").body());
            for (JsonNode service : index.path("services")) {
                if (!"UP".equals(service.path("ready").asString())) {
                    return false;
                }
            }
            return "UP".equals(index.path("sandbox").path("ready").asString());
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when {@code service} answers its readiness probe with 200. */
    boolean ready(String service) {
        try {
            return get("http://127.0.0.1:" + port + "/services/" + service + "/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Path data() {
        return data;
    }

    String gateway() {
        return "http://127.0.0.1:" + port;
    }

    String sandbox() {
        return "http://127.0.0.1:" + sandboxPort;
    }

    String apiKey() {
        return apiKey;
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> api(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway() + path)).timeout(Duration.ofSeconds(35))
                .header("Authorization", "Bearer " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code method} to {@code url} with an optional JSON body; the answer's body as JSON (empty when none). */
    JsonNode call(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(3))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    @Override
    public void close() {
        // SIGTERM: the launcher stops the services, the sandbox and the servers before it exits.
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(90).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
