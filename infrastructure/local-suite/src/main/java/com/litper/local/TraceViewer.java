package com.litper.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The local trace viewer: a Zipkin server ({@code io.zipkin:zipkin-server}, its runnable jar, which
 * the build copies to {@code infrastructure/local-suite/target/zipkin/zipkin-server.jar}) in its own
 * process, spans kept in memory. Every service sends it all its spans (sampling 100 %) through
 * Boot's Zipkin exporter; in production the same spans go over OTLP to a collector
 * (docs/operations.md, "Tracing"). Started before the services, stopped after them.
 */
class TraceViewer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TraceViewer.class);

    private final LocalSuiteProperties properties;
    private Process process;

    TraceViewer(LocalSuiteProperties properties) {
        this.properties = properties;
    }

    boolean enabled() {
        return properties.traceViewer();
    }

    int port() {
        return properties.traceViewerPort();
    }

    /** Zipkin's UI. */
    String url() {
        return "http://localhost:" + port() + "/zipkin/";
    }

    Path jar() {
        return properties.root().resolve("infrastructure/local-suite/target/zipkin/zipkin-server.jar");
    }

    Path logFile() {
        return properties.data().resolve("logs").resolve("zipkin.log");
    }

    private Path pidFile() {
        return properties.data().resolve("run").resolve("zipkin.pid");
    }

    /** What a service needs to send its spans here: every trace kept, exported within a second. */
    Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (!enabled()) {
            return env;
        }
        env.put("MANAGEMENT_TRACING_SAMPLING_PROBABILITY", "1.0");
        env.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "true");
        env.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", "http://127.0.0.1:" + port() + "/api/v2/spans");
        env.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULEDELAY", "1s");
        return env;
    }

    @Override
    public synchronized void start() {
        if (!enabled()) {
            return;
        }
        StaleProcesses.stop(pidFile(), "java");
        if (!Files.isRegularFile(jar())) {
            throw new IllegalStateException("No Zipkin server jar at " + jar()
                    + ". Build the launcher first: ./mvnw -DskipTests package -pl infrastructure/local-suite");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(properties.serviceJvmOptions());
        command.add("-jar");
        command.add(jar().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        // Zipkin reads its settings from the environment; spans stay in memory (the default storage).
        builder.environment().put("QUERY_PORT", Integer.toString(port()));
        builder.environment().put("STORAGE_TYPE", "mem");
        try {
            Files.createDirectories(logFile().getParent());
            Files.createDirectories(pidFile().getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            process = builder.start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
            log.info("Started the trace viewer, Zipkin (pid {}), on port {}", process.pid(), port());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Zipkin", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        StaleProcesses.terminate(process.toHandle(), properties.stopTimeout());
        try {
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            log.debug("Could not remove {}", pidFile(), e);
        }
        process = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null;
    }

    @Override
    public int getPhase() {
        // With the sandbox: before the services, which stop first and so send their last spans.
        return Integer.MIN_VALUE + 1500;
    }

    /** True while Zipkin runs (or is switched off, so nothing is missing). */
    synchronized boolean isAlive() {
        return !enabled() || (process != null && process.isAlive());
    }

    /** Whether Zipkin answers its health check (true too when it is switched off). */
    boolean answers() {
        if (!enabled()) {
            return true;
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    synchronized List<ProcessHandle> processes() {
        return process == null ? List.of() : List.of(process.toHandle());
    }
}
