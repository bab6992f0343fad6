package com.litper.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The six services, each in its own JVM as in production (one pod each), started from the jars
 * the build produced. A process that dies on its own is started again after
 * {@code litper.local.restart-delay}, as Kubernetes restarts a crashed container. Stopping sends
 * SIGTERM to all of them at once (each drains and shuts down gracefully) and kills only those that
 * outlive the stop timeout.
 */
class ServiceProcesses implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcesses.class);

    /**
     * analytics-service's jobs at a local pace (docs/local-suite.md): an order's KPIs, its cash and the
     * carrier measured best show seconds after its events, not minutes; a rule measures today's orders.
     */
    static final Map<String, String> ANALYTICS_LOCAL = Map.of(
            "LITPER_ANALYTICS_FACTS_INTERVAL", "5s",
            "LITPER_ANALYTICS_COD_POSTINGINTERVAL", "5s",
            "LITPER_ANALYTICS_CARRIERCHOICE_INTERVAL", "15s",
            "LITPER_ANALYTICS_CARRIERCHOICE_INCLUDETODAY", "true");

    private final LocalSuiteProperties properties;
    private final LocalInfrastructure infrastructure;
    private final SandboxProcess sandbox;
    private final TraceViewer traceViewer;
    private final ClassDataSharing classDataSharing;
    private final Map<SuiteService, Process> running = new LinkedHashMap<>();
    private final Map<SuiteService, Restarts> restarts = new LinkedHashMap<>();
    private final ScheduledExecutorService restarter =
            Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "service-restarts");
                thread.setDaemon(true);
                return thread;
            });
    private boolean stopping;
    /** The class data training run in progress, if any. */
    private Process training;

    /** When a service last started and how long its next restart waits (a back-off for a crash loop). */
    private record Restarts(Instant lastStart, Duration nextDelay, int count) {
    }

    ServiceProcesses(LocalSuiteProperties properties, LocalInfrastructure infrastructure, SandboxProcess sandbox, TraceViewer traceViewer) {
        this.traceViewer = traceViewer;
        this.properties = properties;
        this.infrastructure = infrastructure;
        this.sandbox = sandbox;
        this.classDataSharing = new ClassDataSharing(properties.data());
    }

    /** The configured services in catalog order, which is also the order routes are matched in. */
    List<SuiteService> services() {
        for (String name : properties.services()) {
            if (SuiteService.named(name).isEmpty()) {
                throw new IllegalArgumentException("Unknown service '" + name + "' in litper.local.services; known: "
                        + SuiteService.CATALOG.stream().map(SuiteService::name).toList());
            }
        }
        return SuiteService.CATALOG.stream().filter(s -> properties.services().contains(s.name())).toList();
    }

    Path jar(SuiteService service) {
        return properties.root().resolve(service.name()).resolve("target").resolve(service.name() + ".jar");
    }

    Path logFile(SuiteService service) {
        return properties.data().resolve("logs").resolve(service.name() + ".log");
    }

    private Path pidFile(SuiteService service) {
        return properties.data().resolve("run").resolve(service.name() + ".pid");
    }

    boolean isExternal(SuiteService service) {
        return properties.external().contains(service.name());
    }

    int port(SuiteService service) {
        return properties.servicePort(service.index());
    }

    int managementPort(SuiteService service) {
        return properties.managementPort(service.index());
    }

    @Override
    public synchronized void start() {
        for (String name : properties.external()) {
            if (!properties.services().contains(name)) {
                throw new IllegalArgumentException("litper.local.external names '" + name
                        + "', which is not in litper.local.services " + properties.services());
            }
        }
        List<SuiteService> services = services().stream().filter(s -> !isExternal(s)).toList();
        for (SuiteService service : services) {
            StaleProcesses.stop(pidFile(service), "java");
            if (!Files.isRegularFile(jar(service))) {
                throw new IllegalStateException("No jar for " + service.name() + " at " + jar(service)
                        + ". Build it first: ./mvnw -DskipTests package");
            }
        }
        stopping = false;
        if (properties.classDataSharing()) {
            // Extract the jars that changed all at once (each extraction is a short JVM of its own), then start.
            services.parallelStream().forEach(service -> classDataSharing.prepare(service.name(), jar(service)));
        }
        for (SuiteService service : services) {
            running.put(service, supervised(service));
        }
    }

    private Process supervised(SuiteService service) {
        Process process = launch(service);
        Restarts previous = restarts.get(service);
        restarts.put(service, new Restarts(Instant.now(), previous == null ? properties.restartDelay() : previous.nextDelay(),
                previous == null ? 0 : previous.count()));
        process.onExit().thenAccept(exited -> exited(service, exited));
        return process;
    }

    private synchronized void exited(SuiteService service, Process process) {
        if (stopping || running.get(service) != process) {
            return;
        }
        Restarts last = restarts.get(service);
        boolean crashLoop = last.lastStart().isAfter(Instant.now().minusSeconds(60));
        Duration delay = crashLoop ? last.nextDelay() : properties.restartDelay();
        Duration next = delay.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30) : delay.multipliedBy(2);
        restarts.put(service, new Restarts(last.lastStart(), crashLoop ? next : properties.restartDelay(), last.count() + 1));
        log.warn("{} (pid {}) exited with code {}; starting it again in {} ms (log: {})", service.name(), process.pid(),
                process.exitValue(), delay.toMillis(), logFile(service));
        restarter.schedule(() -> restart(service, process), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart(SuiteService service, Process dead) {
        if (stopping || running.get(service) != dead) {
            return;
        }
        running.put(service, supervised(service));
    }

    /** How many times the suite started {@code service} again after its process died. */
    synchronized int restartCount(SuiteService service) {
        Restarts r = restarts.get(service);
        return r == null ? 0 : r.count();
    }

    /**
     * Kills the service's process with SIGKILL, as a node failure or the OOM killer would; it is
     * started again like any crashed process. Returns the killed pid.
     */
    synchronized long kill(SuiteService service) {
        Process process = running.get(service);
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException(service.name() + " is not running");
        }
        process.destroyForcibly();
        return process.pid();
    }

    private Process launch(SuiteService service) {
        List<String> jarArguments = properties.classDataSharing()
                ? classDataSharing.launchArguments(service.name(), jar(service))
                : List.of("-jar", jar(service).toString());
        ProcessBuilder builder = processBuilder(service, jarArguments);
        try {
            Files.createDirectories(logFile(service).getParent());
            Files.createDirectories(pidFile(service).getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(service).toFile()));
            Process process = builder.start();
            Files.writeString(pidFile(service), Long.toString(process.pid()));
            log.info("Started {} (pid {}) on port {}", service.name(), process.pid(), port(service));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + service.name(), e);
        }
    }

    /** The service's command line (its JVM options, then {@code jarArguments}) and its environment. */
    private ProcessBuilder processBuilder(SuiteService service, List<String> jarArguments) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(properties.serviceJvmOptions());
        command.addAll(jarArguments);
        command.add("--server.port=" + port(service));
        command.add("--management.server.port=" + managementPort(service));
        command.add("--server.address=127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("LITPER_DB_URL", infrastructure.jdbcUrl());
        env.put("LITPER_DB_USER", com.litper.embedded.LocalPostgres.USER);
        env.put("LITPER_DB_PASSWORD", "");
        env.putAll(infrastructure.redisEnvironment());
        if (infrastructure.replicaJdbcUrl() != null) {
            env.put("LITPER_DB_REPLICA_URLS", infrastructure.replicaJdbcUrl());
        }
        // Every service checks access tokens against the local key's public half; api-service signs with it.
        LocalSigningKeys keys = infrastructure.signingKeys();
        env.put("LITPER_SECURITY_JWKS", keys.publicJwks());
        if (service.name().equals("api-service")) {
            env.put("LITPER_API_AUTH_SIGNINGKEYS", keys.privateJwks());
            // A demo store to try the API with; its key and its owner's password are printed when the suite is up.
            env.put("LITPER_API_DEMOSTORE_ENABLED", "true");
            env.put("LITPER_API_DEMOSTORE_APIKEY", infrastructure.demoApiKey());
            env.put("LITPER_API_DEMOSTORE_OWNEREMAIL", infrastructure.demoOwnerEmail());
            env.put("LITPER_API_DEMOSTORE_OWNERPASSWORD", infrastructure.demoOwnerPassword());
            env.put("LITPER_SECURITY_OPERATORS_" + infrastructure.operatorName().toUpperCase() + "_PASSWORDHASH",
                    PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(infrastructure.operatorPassword()));
        }
        if (service.name().equals("analytics-service")) {
            env.putAll(ANALYTICS_LOCAL);
            // Report download links survive a restart of the service (without it: a key per process, and a warning).
            env.put("LITPER_REPORTS_SIGNINGSECRET", infrastructure.reportsSigningSecret());
        }
        // Carriers and WhatsApp are the sandbox locally: URLs, tokens and webhook secrets shared with it.
        env.putAll(sandbox.serviceEnvironment(service));
        // Every span to the local trace viewer.
        env.putAll(traceViewer.serviceEnvironment());
        return builder;
    }

    /**
     * Makes the class data archive of every running service that has none yet (ClassDataSharing),
     * one training run at a time, each with the service's own command line and environment; called
     * once the suite is up, so the training runs do not slow its start down. Returns how many
     * archives were made.
     */
    int makeMissingArchives() {
        if (!properties.classDataSharing()) {
            return 0;
        }
        int made = 0;
        for (SuiteService service : services()) {
            if (isExternal(service) || !classDataSharing.needsTraining(service.name())) {
                continue;
            }
            ProcessBuilder builder = processBuilder(service, classDataSharing.trainingArguments(service.name()));
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(service).toFile()));
            Process process;
            synchronized (this) {
                if (stopping) {
                    return made;
                }
                try {
                    process = builder.start();
                } catch (IOException e) {
                    log.warn("Could not start the class data training run of {}", service.name(), e);
                    continue;
                }
                training = process;
            }
            try {
                int exitCode = process.waitFor();
                synchronized (this) {
                    training = null;
                    if (stopping) {
                        return made;
                    }
                }
                classDataSharing.trained(service.name(), exitCode);
                made += exitCode == 0 ? 1 : 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                return made;
            }
        }
        return made;
    }

    @Override
    public void stop() {
        Map<SuiteService, Process> processes;
        synchronized (this) {
            stopping = true;
            processes = new LinkedHashMap<>(running);
            if (training != null) {
                training.destroyForcibly();
            }
        }
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        processes.forEach((service, process) -> stopping.add(CompletableFuture.runAsync(() -> {
            StaleProcesses.terminate(process.toHandle(), properties.stopTimeout());
            try {
                Files.deleteIfExists(pidFile(service));
            } catch (IOException e) {
                log.debug("Could not remove {}", pidFile(service), e);
            }
        })));
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
        synchronized (this) {
            running.clear();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }

    @Override
    public int getPhase() {
        // After the infrastructure starts, before the gateway (default phase) accepts requests.
        return Integer.MIN_VALUE + 2000;
    }

    /** The running service processes with their descendants, for the memory report. */
    synchronized List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        running.values().forEach(p -> all.add(p.toHandle()));
        return all;
    }

    /** True while the service's process runs; an external service counts as alive. */
    synchronized boolean isAlive(SuiteService service) {
        if (isExternal(service)) {
            return true;
        }
        Process process = running.get(service);
        return process != null && process.isAlive();
    }
}
