package com.litper.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The carrier and WhatsApp sandbox ({@code infrastructure/sandbox}) in its own process, standing in
 * for the outside parties: started before the services (so it is there when worker-service books the
 * first order), stopped after them. It also says how both sides are wired: the same generated
 * secrets go to the sandbox and to the services, the services' provider URLs point at the sandbox,
 * and the sandbox's webhooks go to the gateway, as real providers call the Ingress.
 */
class SandboxProcess implements SmartLifecycle {

    /** The WhatsApp business number id the local worker-service sends from. */
    static final String PHONE_NUMBER_ID = "106540352242922";
    /** The demo store api-service creates (litper.api.demo-store.id): local WhatsApp conversations belong to it. */
    static final String DEMO_STORE_ID = "00000000-0000-4000-8000-00000000d3e0";
    /** How often tracking-service schedules polls locally, so the polled carrier's parcels move within a minute. */
    static final String POLLING_INTERVAL = "20s";

    private static final Logger log = LoggerFactory.getLogger(SandboxProcess.class);

    private final LocalSuiteProperties properties;
    private final int gatewayPort;
    private Process process;
    private SandboxSecrets secrets;

    /**
     * @param gatewayPort the suite's {@code server.port}; 0 (a random port, as in tests) is known only
     *     after the sandbox starts, so its webhooks then go straight to tracking-service and chat-service
     */
    SandboxProcess(LocalSuiteProperties properties, int gatewayPort) {
        this.properties = properties;
        this.gatewayPort = gatewayPort;
    }

    boolean enabled() {
        return properties.sandbox();
    }

    int port() {
        return properties.sandboxPort();
    }

    Path jar() {
        return properties.root().resolve("infrastructure/sandbox/target/litper-sandbox.jar");
    }

    Path logFile() {
        return properties.data().resolve("logs").resolve("sandbox.log");
    }

    private Path pidFile() {
        return properties.data().resolve("run").resolve("sandbox.pid");
    }

    private synchronized SandboxSecrets secrets() {
        if (secrets == null) {
            secrets = SandboxSecrets.keptIn(properties.data().resolve("sandbox-secrets.properties"));
        }
        return secrets;
    }

    /** The developer pages of the sandbox, for the startup summary. */
    List<String> pages() {
        String base = "http://localhost:" + port() + "/sandbox";
        return List.of(base + "/carriers/shipments", base + "/whatsapp/messages");
    }

    /** What {@code service} needs to talk to the sandbox (and to accept its webhooks); empty when the sandbox is off. */
    Map<String, String> serviceEnvironment(SuiteService service) {
        Map<String, String> env = new LinkedHashMap<>();
        if (!enabled()) {
            return env;
        }
        SandboxSecrets secrets = secrets();
        String sandbox = "http://127.0.0.1:" + port();
        switch (service.name()) {
            case "worker-service" -> {
                for (String carrier : SandboxSecrets.CARRIERS) {
                    String name = carrier.toUpperCase(Locale.ROOT);
                    env.put("LITPER_CARRIERS_" + name + "_BASEURL", sandbox + "/carriers/" + carrier);
                    env.put("LITPER_CARRIERS_" + name + "_APIKEY", secrets.carrierApiKey());
                }
                env.put("LITPER_WHATSAPP_ENABLED", "true");
                env.put("LITPER_WHATSAPP_BASEURL", sandbox + "/whatsapp");
                env.put("LITPER_WHATSAPP_PHONENUMBERID", PHONE_NUMBER_ID);
                env.put("LITPER_WHATSAPP_ACCESSTOKEN", secrets.whatsappAccessToken());
            }
            case "tracking-service" -> {
                for (String carrier : SandboxSecrets.CARRIERS) {
                    env.put("LITPER_CARRIERS_" + carrier.toUpperCase(Locale.ROOT) + "_WEBHOOKSECRET", secrets.webhookSecret(carrier));
                }
                env.put("LITPER_TRACKING_POLLING_INTERVAL", POLLING_INTERVAL);
                // A sandbox shipment moves every step: one quiet for ten steps missed a webhook (tracking-service was down).
                env.put("LITPER_TRACKING_POLLING_QUIETAFTER", properties.sandboxStepInterval().multipliedBy(10).toMillis() + "ms");
            }
            case "chat-service" -> {
                env.put("LITPER_WHATSAPP_APPSECRET", secrets.whatsappAppSecret());
                env.put("LITPER_WHATSAPP_VERIFYTOKEN", secrets.whatsappVerifyToken());
                env.put("LITPER_CHAT_DEFAULTSTOREID", DEMO_STORE_ID);
            }
            case "agent-orchestrator" -> {
                // Claude is the sandbox's scripted Messages API: a buyer is answered end to end without a real key.
                env.put("LITPER_ANTHROPIC_BASEURL", sandbox + "/anthropic");
                env.put("LITPER_ANTHROPIC_APIKEY", secrets.anthropicApiKey());
                // The tracking_timeline tool reads tracking-service's public lookup.
                env.put("LITPER_AGENTS_TRACKING_BASEURL", webhookBase("tracking-service"));
            }
            default -> {
                // The other services talk to no carrier, no WhatsApp and no Claude.
            }
        }
        return env;
    }

    /** The sandbox's side: the same secrets, its step interval, and where its webhooks go. */
    private Map<String, String> sandboxEnvironment() {
        SandboxSecrets secrets = secrets();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SANDBOX_CARRIERS_APIKEY", secrets.carrierApiKey());
        env.put("SANDBOX_CARRIERS_STEPINTERVAL", properties.sandboxStepInterval().toMillis() + "ms");
        env.put("SANDBOX_CARRIERS_WEBHOOKURL", webhookBase("tracking-service") + "/webhooks/carriers/{carrier}");
        for (String carrier : SandboxSecrets.CARRIERS) {
            env.put("SANDBOX_CARRIERS_" + carrier.toUpperCase(Locale.ROOT) + "_WEBHOOKSECRET", secrets.webhookSecret(carrier));
        }
        env.put("SANDBOX_WHATSAPP_ACCESSTOKEN", secrets.whatsappAccessToken());
        env.put("SANDBOX_WHATSAPP_APPSECRET", secrets.whatsappAppSecret());
        env.put("SANDBOX_WHATSAPP_VERIFYTOKEN", secrets.whatsappVerifyToken());
        env.put("SANDBOX_WHATSAPP_PHONENUMBERID", PHONE_NUMBER_ID);
        env.put("SANDBOX_WHATSAPP_WEBHOOKURL", webhookBase("chat-service") + "/webhooks/whatsapp");
        env.put("SANDBOX_ANTHROPIC_APIKEY", secrets.anthropicApiKey());
        return env;
    }

    private String webhookBase(String receiver) {
        if (gatewayPort > 0) {
            return "http://127.0.0.1:" + gatewayPort;
        }
        int index = SuiteService.named(receiver).orElseThrow().index();
        return "http://127.0.0.1:" + properties.servicePort(index);
    }

    @Override
    public synchronized void start() {
        if (!enabled()) {
            return;
        }
        StaleProcesses.stop(pidFile(), "java");
        if (!Files.isRegularFile(jar())) {
            throw new IllegalStateException("No jar for the sandbox at " + jar()
                    + ". Build it first: ./mvnw -DskipTests package -pl infrastructure/sandbox");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(properties.serviceJvmOptions());
        command.add("-jar");
        command.add(jar().toString());
        command.add("--server.port=" + port());
        command.add("--server.address=127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(command);
        // Secrets go through the environment, not the command line that `ps` shows.
        builder.environment().putAll(sandboxEnvironment());
        try {
            Files.createDirectories(logFile().getParent());
            Files.createDirectories(pidFile().getParent());
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
            process = builder.start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
            log.info("Started the sandbox (pid {}) on port {}", process.pid(), port());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the sandbox", e);
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
        // After PostgreSQL and Redis, before the services (which stop first and so stop calling it).
        return Integer.MIN_VALUE + 1500;
    }

    /** True while the sandbox runs (or is switched off, so nothing is missing). */
    synchronized boolean isAlive() {
        return !enabled() || (process != null && process.isAlive());
    }

    synchronized List<ProcessHandle> processes() {
        return process == null ? List.of() : List.of(process.toHandle());
    }
}
