package com.litper.bench.service;

import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalPostgres;
import com.litper.embedded.LocalRedis;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * Start-up and memory of the six services, one at a time, each in its own JVM on a throwaway
 * PostgreSQL and Redis (docs/capacity.md, "Start-up and memory"). Two workloads:
 *
 * <ul>
 *   <li>{@code startup}: starts the service {@code --runs} times and prints how long from the JVM's
 *       start to the first {@code /ready} that answers 200, with the local suite's JVM options
 *       ({@code --flags local}) or the image's ({@code --flags image}); {@code --cds on} first makes
 *       an AppCDS archive with a training run (Spring's {@code spring.context.exit=onRefresh}) from
 *       the extracted jar and starts with it.</li>
 *   <li>{@code footprint}: starts the service with the image's JVM flags (read from the poms' Jib
 *       configuration) and the chart's memory limit and CPU limit as the container would give them
 *       ({@code -XX:MaxRAM}, {@code -XX:ActiveProcessorCount}), and measures its resident memory
 *       idle, after a load and after an idle period.</li>
 * </ul>
 *
 * Hand-written because no library starts a Spring Boot jar and watches its resident memory; the
 * HTTP load is the JDK's HttpClient.
 */
public final class ServiceBench {

    static final List<String> SERVICES = List.of("api-service", "agent-orchestrator", "chat-service", "tracking-service",
            "analytics-service", "worker-service");

    /** The chart's values.yaml block of each service. */
    static final Map<String, String> CHART_KEYS = Map.of("api-service", "api", "agent-orchestrator", "agentOrchestrator",
            "chat-service", "chat", "tracking-service", "tracking", "analytics-service", "analytics", "worker-service", "worker");

    /** A public path of each service that a request without credentials reaches (and is refused on: 401). */
    static final Map<String, String> PUBLIC_PATHS = Map.of("api-service", "/api/store", "agent-orchestrator", "/agents/runs",
            "chat-service", "/api/chat/conversations", "tracking-service", "/api/tracking/shipments",
            "analytics-service", "/api/analytics/kpis", "worker-service", "/api/nothing");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> options;
    private final Path root;
    private final Path work;
    private LocalPostgres postgres;
    private LocalRedis redis;
    private int nextPort = 18100;
    private volatile Process current;

    private ServiceBench(Map<String, String> options) throws IOException {
        this.options = options;
        this.root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.work = root.resolve("infrastructure/bench/service-bench/target/work");
        Files.createDirectories(work);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        String workload = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else if (workload == null) {
                workload = args[i];
            } else {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
        }
        if (!"startup".equals(workload) && !"footprint".equals(workload)) {
            System.err.println("usage: service-bench startup|footprint [--services all|a,b] [--flags local|image|'-X…'] "
                    + "[--cds on|off] [--runs 3] [--settle 30] [--load 30] [--idle 60] [--concurrency 4]");
            System.exit(2);
        }
        ServiceBench bench = new ServiceBench(options);
        // Ctrl-C: stop the service being measured, PostgreSQL and Redis too.
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll));
        try {
            bench.startInfrastructure();
            for (String service : bench.services()) {
                if ("startup".equals(workload)) {
                    bench.startup(service);
                } else {
                    bench.footprint(service);
                }
            }
        } finally {
            bench.stopAll();
        }
        System.exit(0);
    }

    List<String> services() {
        String list = options.getOrDefault("services", "all");
        List<String> services = "all".equals(list) ? SERVICES : Arrays.asList(list.split(","));
        for (String service : services) {
            if (!SERVICES.contains(service)) {
                throw new IllegalArgumentException("Unknown service " + service + "; known: " + SERVICES);
            }
        }
        return services;
    }

    void startInfrastructure() throws IOException {
        Path data = Files.createTempDirectory("litper-service-bench-pg");
        postgres = LocalPostgres.start(data, FreePorts.next());
        postgres.createDatabaseIfMissing("litper");
        redis = LocalRedis.start(null, FreePorts.next());
    }

    synchronized void stopAll() {
        if (current != null && current.isAlive()) {
            current.destroyForcibly();
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
        if (postgres != null) {
            postgres.close();
            deleteTree(postgres.dataDirectory());
            postgres = null;
        }
    }

    private static void deleteTree(Path directory) {
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("service-bench: could not delete " + directory + ": " + e);
        }
    }

    // --- start-up ---------------------------------------------------------------------------------

    void startup(String service) throws Exception {
        String flagsOption = options.getOrDefault("flags", "local");
        List<String> flags = switch (flagsOption) {
            case "local" -> localSuiteFlags();
            case "image" -> imageFlags(service);
            default -> Arrays.asList(flagsOption.trim().split("\\s+"));
        };
        if (!"none".equals(options.getOrDefault("memory-limit", "chart"))) {
            // The container's memory limit, which the image's RAM percentages are of (the cores stay the machine's).
            Map<String, Object> resources = chartResources(service);
            flags = new ArrayList<>(flags);
            flags.add(0, "-XX:MaxRAM=" + mebibytes(String.valueOf(((Map<?, ?>) resources.get("limits")).get("memory"))) + "m");
        }
        boolean cds = "on".equals(options.getOrDefault("cds", "off"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        List<String> launch = new ArrayList<>(flags);
        if (cds) {
            Path extracted = extract(service);
            Path archive = work.resolve(service + ".jsa");
            Files.deleteIfExists(archive);
            List<String> training = new ArrayList<>(flags);
            training.add("-XX:ArchiveClassesAtExit=" + archive);
            training.add("-Dspring.context.exit=onRefresh");
            training.add("-jar");
            training.add(extracted.resolve(service + ".jar").toString());
            long start = System.nanoTime();
            Started run = start(service, training, false);
            int code = run.process.waitFor();
            System.err.printf(Locale.ROOT, "service-bench: %s training run exited %d after %.1f s, archive %d MiB%n", service,
                    code, (System.nanoTime() - start) / 1e9, Files.exists(archive) ? Files.size(archive) >> 20 : -1);
            if (!Files.exists(archive)) {
                throw new IllegalStateException("The training run made no archive; see " + run.log);
            }
            launch.add("-XX:SharedArchiveFile=" + archive);
            launch.add("-jar");
            launch.add(extracted.resolve(service + ".jar").toString());
        } else {
            launch.add("-jar");
            launch.add(jar(service).toString());
        }
        List<Double> ready = new ArrayList<>();
        List<Double> jvmToReady = new ArrayList<>();
        List<Double> springStarted = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Started run = start(service, launch, true);
            jvmToReady.add(run.jvmToReadySeconds);
            ready.add(run.readySeconds);
            springStarted.add(springStartedSeconds(run.log));
            if (cds && Files.readString(run.log).contains("shared archive file")) {
                System.err.println("service-bench: the JVM complained about the archive, see " + run.log);
            }
            stop(run.process);
        }
        System.out.printf(Locale.ROOT, "service-startup service=%s ready_s=%.1f jvm_to_ready_s=%.1f spring_started_s=%.1f "
                        + "runs=%d min_ready_s=%.1f max_ready_s=%.1f cds=%s load1=%s flags=\"%s\"%n",
                service, median(ready), median(jvmToReady), median(springStarted), runs,
                ready.stream().mapToDouble(d -> d).min().orElse(0), ready.stream().mapToDouble(d -> d).max().orElse(0),
                cds ? "on" : "off", loadAverage(), String.join(" ", flags));
        System.out.flush();
    }

    /** The local suite's default JVM options of a service (LocalSuiteProperties). */
    List<String> localSuiteFlags() throws IOException {
        String source = Files.readString(root.resolve(
                "infrastructure/local-suite/src/main/java/com/litper/local/LocalSuiteProperties.java"));
        Matcher m = Pattern.compile("@DefaultValue\\(\\{([^}]*)\\}\\)\\s*List<String> serviceJvmOptions").matcher(source);
        if (!m.find()) {
            throw new IllegalStateException("No serviceJvmOptions default in LocalSuiteProperties");
        }
        List<String> flags = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (quoted.find()) {
            flags.add(quoted.group(1));
        }
        return flags;
    }

    /** Extracts the service's jar (Spring Boot's jarmode tools): an application jar and lib/, which CDS can archive. */
    Path extract(String service) throws Exception {
        Path destination = work.resolve("extracted").resolve(service);
        Process process = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", jar(service).toString(), "extract",
                "--destination", destination.toString(), "--force").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("Could not extract " + jar(service));
        }
        return destination;
    }

    // --- footprint --------------------------------------------------------------------------------

    void footprint(String service) throws Exception {
        Map<String, Object> resources = chartResources(service);
        long requestMib = mebibytes(String.valueOf(((Map<?, ?>) resources.get("requests")).get("memory")));
        long limitMib = mebibytes(String.valueOf(((Map<?, ?>) resources.get("limits")).get("memory")));
        int cpus = (int) Math.max(1, Math.ceil(cpu(String.valueOf(((Map<?, ?>) resources.get("limits")).get("cpu")))));
        List<String> flags = "image".equals(options.getOrDefault("flags", "image")) ? imageFlags(service)
                : Arrays.asList(options.get("flags").trim().split("\\s+"));
        List<String> launch = new ArrayList<>();
        // What the container gives the JVM: its memory limit and its CPU limit.
        launch.add("-XX:MaxRAM=" + limitMib + "m");
        launch.add("-XX:ActiveProcessorCount=" + cpus);
        launch.addAll(flags);
        launch.add("-jar");
        launch.add(jar(service).toString());
        int settle = Integer.parseInt(options.getOrDefault("settle", "30"));
        int loadSeconds = Integer.parseInt(options.getOrDefault("load", "30"));
        int idle = Integer.parseInt(options.getOrDefault("idle", "60"));
        Started run = start(service, launch, true);
        try {
            Thread.sleep(settle * 1000L);
            long idleRss = rssMib(run.process.pid());
            long requests = load(service, run, loadSeconds);
            long afterLoad = rssMib(run.process.pid());
            Thread.sleep(idle * 1000L);
            long afterIdle = rssMib(run.process.pid());
            long peak = peakRssMib(run.process.pid());
            System.out.printf(Locale.ROOT, "service-footprint service=%s idle_rss_mib=%d request_mib=%d after_load_rss_mib=%d "
                            + "after_idle_rss_mib=%d peak_rss_mib=%d limit_mib=%d requests=%d ready_s=%.1f load1=%s flags=\"%s\"%n",
                    service, idleRss, requestMib, afterLoad, afterIdle, peak, limitMib, requests, run.readySeconds, loadAverage(),
                    String.join(" ", launch.subList(0, launch.size() - 2)));
            System.out.flush();
        } finally {
            stop(run.process);
        }
    }

    /**
     * {@code --load} seconds of HTTP requests from {@code --concurrency} threads. api-service gets
     * what its clients send: orders created (a row, its items and an outbox task each) and listed
     * with the demo store's key. The other services' work arrives through the task queue from
     * services not running here, so they get their readiness probe, the Prometheus scrape and
     * requests without credentials on their public paths (refused with problem+json).
     */
    long load(String service, Started run, int seconds) throws InterruptedException {
        int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "4"));
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong sent = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        String base = "http://127.0.0.1:" + run.port;
        String management = "http://127.0.0.1:" + run.managementPort;
        String runId = Long.toString(System.currentTimeMillis(), 36);
        for (int t = 0; t < concurrency; t++) {
            int thread = t;
            pool.submit(() -> {
                long n = 0;
                while (System.nanoTime() < deadline) {
                    n++;
                    HttpRequest request;
                    int expected;
                    if (service.equals("api-service")) {
                        if (n % 4 == 0) {
                            request = HttpRequest.newBuilder(URI.create(base + "/api/orders?limit=50"))
                                    .header("Authorization", "Bearer " + run.apiKey).GET().build();
                            expected = 200;
                        } else {
                            request = HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                                    .header("Authorization", "Bearer " + run.apiKey)
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", "bench-" + runId + "-" + thread + "-" + n)
                                    .POST(HttpRequest.BodyPublishers.ofString(order(n))).build();
                            expected = 201;
                        }
                    } else if (n % 10 == 0) {
                        request = HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus")).GET().build();
                        expected = 200;
                    } else if (n % 2 == 0) {
                        request = HttpRequest.newBuilder(URI.create(base + "/ready")).GET().build();
                        expected = 200;
                    } else {
                        request = HttpRequest.newBuilder(URI.create(base + PUBLIC_PATHS.get(service))).GET().build();
                        expected = -1;
                    }
                    try {
                        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (expected > 0 && response.statusCode() != expected) {
                            if (failed.incrementAndGet() <= 3) {
                                System.err.println("service-bench: " + request.uri() + " answered " + response.statusCode() + ": "
                                        + new String(response.body()).substring(0, Math.min(300, response.body().length)));
                            }
                        }
                        sent.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
        if (failed.get() > 0) {
            System.err.println("service-bench: " + service + ": " + failed.get() + " of " + sent.get() + " requests failed");
        }
        return sent.get();
    }

    static String order(long n) {
        String[] cities = {"11001", "05001", "76001", "08001", "68001"};
        String[] carriers = {"servientrega", "coordinadora", "interrapidisimo", "envia", "tcc"};
        return String.format(Locale.ROOT, "{\"buyer\":{\"name\":\"Cliente %d\",\"phone\":\"30%08d\"},"
                        + "\"destination\":{\"address\":\"Calle %d # %d-%d\",\"city\":\"%s\"},"
                        + "\"items\":[{\"sku\":\"SKU-%d\",\"name\":\"Producto %d\",\"quantity\":%d,\"unitPrice\":45000}],"
                        + "\"declaredValue\":%d,\"cashOnDelivery\":%d,\"preferredCarrier\":\"%s\"}",
                n, (n * 7919) % 100000000, n % 200 + 1, n % 90 + 1, n % 99 + 1, cities[(int) (n % cities.length)], n % 500, n % 500,
                n % 3 + 1, 45000 * (n % 3 + 1), (n % 2) * 45000 * (n % 3 + 1), carriers[(int) (n % carriers.length)]);
    }

    Map<String, Object> chartResources(String service) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve("helm/litper/values.yaml"))) {
            Map<String, Object> values = new Yaml().load(in);
            @SuppressWarnings("unchecked")
            Map<String, Object> component = (Map<String, Object>) values.get(CHART_KEYS.get(service));
            @SuppressWarnings("unchecked")
            Map<String, Object> resources = (Map<String, Object>) component.get("resources");
            return resources;
        }
    }

    static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        if (quantity.endsWith("Mi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2));
        }
        throw new IllegalArgumentException("Memory quantity " + quantity + ": expected Mi or Gi");
    }

    static double cpu(String quantity) {
        return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
                : Double.parseDouble(quantity);
    }

    /**
     * The image's JVM flags as Jib writes them into its entrypoint: the {@code jvmFlags} of the root
     * pom's Jib configuration followed by those the service's pom appends, with Maven properties
     * (the service's, then the root's) filled in.
     */
    List<String> imageFlags(String service) throws Exception {
        Document rootPom = parse(root.resolve("pom.xml"));
        Document servicePom = parse(root.resolve(service).resolve("pom.xml"));
        List<String> flags = jibFlags(rootPom);
        flags.addAll(jibFlags(servicePom));
        Map<String, String> properties = new LinkedHashMap<>(properties(rootPom));
        properties.putAll(properties(servicePom));
        List<String> resolved = new ArrayList<>();
        for (String flag : flags) {
            Matcher m = Pattern.compile("\\$\\{([^}]+)\\}").matcher(flag);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = properties.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException("No property " + m.group(1) + " for " + service);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            for (String part : out.toString().trim().split("\\s+")) {
                if (!part.isEmpty()) {
                    resolved.add(part);
                }
            }
        }
        return resolved;
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> jibFlags(Document pom) {
        List<String> flags = new ArrayList<>();
        NodeList plugins = pom.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if (!"jib-maven-plugin".equals(text(plugin, "artifactId"))) {
                continue;
            }
            NodeList jvmFlags = plugin.getElementsByTagName("jvmFlag");
            for (int j = 0; j < jvmFlags.getLength(); j++) {
                flags.add(jvmFlags.item(j).getTextContent().trim());
            }
        }
        return flags;
    }

    private static Map<String, String> properties(Document pom) {
        Map<String, String> properties = new LinkedHashMap<>();
        NodeList blocks = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < blocks.getLength(); i++) {
            Node block = blocks.item(i);
            if (block instanceof Element element && element.getTagName().equals("properties")) {
                NodeList children = element.getChildNodes();
                for (int j = 0; j < children.getLength(); j++) {
                    if (children.item(j) instanceof Element property) {
                        properties.put(property.getTagName(), property.getTextContent().trim());
                    }
                }
            }
        }
        return properties;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    // --- processes --------------------------------------------------------------------------------

    record Started(Process process, Path log, int port, int managementPort, String apiKey, double readySeconds,
            double jvmToReadySeconds) {
    }

    Path jar(String service) {
        Path jar = root.resolve(service).resolve("target").resolve(service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No " + jar + "; build it: ./mvnw -q -DskipTests package -pl " + service + " -am");
        }
        return jar;
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Starts the service; with {@code waitReady}, returns once {@code /ready} answers 200 (a training run is just started). */
    Started start(String service, List<String> jvmArguments, boolean waitReady) throws Exception {
        int port = nextPort++;
        int managementPort = nextPort++;
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmArguments);
        command.add("--server.port=" + port);
        command.add("--management.server.port=" + managementPort);
        command.add("--server.address=127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("LITPER_DB_URL", postgres.jdbcUrl("litper"));
        env.put("LITPER_DB_USER", LocalPostgres.USER);
        env.put("LITPER_DB_PASSWORD", "");
        env.put("LITPER_REDIS_URL", redis.url());
        String apiKey = null;
        if (service.equals("api-service")) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            apiKey = "lp_live_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            env.put("LITPER_API_DEMOSTORE_ENABLED", "true");
            // One store sends all the load: its 600 requests a minute would turn most of it into 429s.
            env.put("LITPER_RATELIMIT_ENABLED", "false");
            env.put("LITPER_API_DEMOSTORE_APIKEY", apiKey);
            env.put("LITPER_API_DEMOSTORE_OWNEREMAIL", "owner-" + port + "@bench.litper.local");
            env.put("LITPER_API_DEMOSTORE_OWNERPASSWORD", "bench-" + Base64.getUrlEncoder().encodeToString(random));
        }
        Path log = work.resolve(service + "-" + port + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long launched = System.nanoTime();
        Process process = builder.start();
        current = process;
        if (!waitReady) {
            return new Started(process, log, port, managementPort, apiKey, 0, 0);
        }
        Instant jvmStart = process.info().startInstant().orElse(Instant.now());
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = launched + Duration.ofMinutes(10).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + " while starting; see " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException(service + " not ready after 10 minutes; see " + log);
            }
            try {
                if (CLIENT.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        double readySeconds = (System.nanoTime() - launched) / 1e9;
        double jvmToReady = Duration.between(jvmStart, Instant.now()).toMillis() / 1000.0;
        return new Started(process, log, port, managementPort, apiKey, readySeconds, jvmToReady);
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Spring Boot's own "Started … in X seconds" figure, or NaN. */
    static double springStartedSeconds(Path log) throws IOException {
        Matcher m = Pattern.compile("Started \\S+ in ([0-9.]+) seconds").matcher(Files.readString(log));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** The machine's one-minute load average: how busy the shared cores were (other processes slow a start down). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static long rssMib(long pid) throws IOException {
        return statusKib(pid, "VmRSS") / 1024;
    }

    static long peakRssMib(long pid) throws IOException {
        return statusKib(pid, "VmHWM") / 1024;
    }

    private static long statusKib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("No " + field + " for pid " + pid);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
