package com.litper.local;

import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks each service process how it is, and measures how much memory the whole suite uses. */
class SuiteStatus {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final ServiceProcesses processes;
    private final LocalInfrastructure infrastructure;
    private final SandboxProcess sandbox;

    SuiteStatus(ServiceProcesses processes, LocalInfrastructure infrastructure, SandboxProcess sandbox) {
        this.processes = processes;
        this.infrastructure = infrastructure;
        this.sandbox = sandbox;
    }

    /** A probe's answer: HTTP status (0 when the service did not answer) and body. */
    record Probe(int httpStatus, String body) {
        String status() {
            if (httpStatus == 0) {
                return "STARTING";
            }
            Matcher m = STATUS.matcher(body);
            return m.find() ? m.group(1) : (httpStatus == 200 ? "UP" : "DOWN");
        }
    }

    Probe probe(SuiteService service, String probe) {
        return get(processes.port(service), "/" + probe);
    }

    /** The sandbox's health: UP once it answers; UP too when the suite runs without it. */
    Probe sandboxProbe() {
        return sandbox.enabled() ? get(sandbox.port(), "/actuator/health") : new Probe(200, "{\"status\":\"UP\"}");
    }

    private static Probe get(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(3)).GET().build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Probe(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Probe(0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(0, "");
        }
    }

    Map<String, Object> describe(String gatewayUrl) {
        List<Map<String, Object>> services = new ArrayList<>();
        for (SuiteService service : processes.services()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", service.name());
            entry.put("ready", processes.isAlive(service) ? probe(service, "ready").status() : "STOPPED");
            entry.put("port", processes.port(service));
            entry.put("routes", service.ingressPaths());
            entry.put("readyUrl", gatewayUrl + "/services/" + service.name() + "/ready");
            entry.put("log", processes.logFile(service).toString());
            services.add(entry);
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("gateway", gatewayUrl);
        description.put("services", services);
        description.put("postgres", infrastructure.jdbcUrl());
        if (infrastructure.replicaJdbcUrl() != null) {
            description.put("postgresReplica", infrastructure.replicaJdbcUrl());
        }
        description.put("redis", infrastructure.redisUrl());
        if (sandbox.enabled()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("ready", sandbox.isAlive() ? sandboxProbe().status() : "STOPPED");
            entry.put("port", sandbox.port());
            entry.put("pages", sandbox.pages());
            entry.put("log", sandbox.logFile().toString());
            description.put("sandbox", entry);
        }
        return description;
    }

    /**
     * Proportional set size of the launcher, the services and the database servers together, in
     * MiB: shared pages (PostgreSQL's shared buffers, the JDK's class data) counted once.
     */
    long memoryMiB() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(ProcessHandle.current());
        all.addAll(processes.processes());
        all.addAll(sandbox.processes());
        all.addAll(infrastructure.processes());
        long kib = all.stream().distinct().mapToLong(SuiteStatus::pssKiB).sum();
        return kib / 1024;
    }

    private static long pssKiB(ProcessHandle process) {
        Path rollup = Path.of("/proc", Long.toString(process.pid()), "smaps_rollup");
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            String key = Files.isReadable(rollup) ? "Pss:" : "VmRSS:";
            Path source = Files.isReadable(rollup) ? rollup : status;
            for (String line : Files.readAllLines(source)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process just exited: it adds nothing.
        }
        return 0;
    }
}
