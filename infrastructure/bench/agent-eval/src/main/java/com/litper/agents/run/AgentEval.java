package com.litper.agents.run;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.litper.agents.action.ActionProperties;
import com.litper.agents.action.OrderActions;
import com.litper.agents.config.AgentProperties;
import com.litper.agents.config.AnthropicProperties;
import com.litper.common.contracts.InboundMessage;
import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalRedis;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The support agent's evaluation: replays the written buyer conversations ({@code agent-eval-cases.json},
 * or {@code --cases <file>}) through agent-orchestrator's own {@link SupportAgent} (its prompt, tools,
 * memory, retries and rate limiter) against a model, and prints one line per case and one summary line:
 *
 * <pre>agent-eval cases=N resolved=R handed_over=H wrong_tool=W p50_s=… p99_s=… tokens_per_case=… cost_per_case=…</pre>
 *
 * <p>The model: with {@code LITPER_ANTHROPIC_APIKEY} set, the real Messages API ({@code LITPER_ANTHROPIC_BASEURL},
 * {@code LITPER_ANTHROPIC_MODEL} optional); without it, the sandbox's scripted one, started from
 * {@code --sandbox-jar} (or reached at {@code --sandbox-url}). tracking-service is played by a small HTTP
 * server answering the cases' timelines, which also records which guides were looked up. Redis (the
 * conversations' memory, the rate limiter) is a throwaway one unless {@code --redis-url} is given.
 * Exit status 0 whatever the scores: this measures, it does not gate.
 */
public final class AgentEval {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AgentEval() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        List<EvalCases.Case> cases;
        try (InputStream in = options.containsKey("cases") ? Files.newInputStream(Path.of(options.get("cases")))
                : AgentEval.class.getResourceAsStream("/agent-eval-cases.json")) {
            cases = EvalCases.read(in, JSON);
        }
        String apiKey = System.getenv("LITPER_ANTHROPIC_APIKEY");
        String model = Optional.ofNullable(System.getenv("LITPER_ANTHROPIC_MODEL")).filter(s -> !s.isBlank()).orElse("claude-sonnet-4-5");
        Process sandbox = null;
        LocalRedis localRedis = null;
        HttpServer tracking = null;
        LettuceConnectionFactory connections = null;
        try {
            String baseUrl;
            if (apiKey != null && !apiKey.isBlank()) {
                baseUrl = Optional.ofNullable(System.getenv("LITPER_ANTHROPIC_BASEURL")).filter(s -> !s.isBlank())
                        .orElse("https://api.anthropic.com");
            } else if (options.containsKey("sandbox-url")) {
                baseUrl = options.get("sandbox-url").replaceAll("/+$", "") + "/anthropic";
                apiKey = "agent-eval";
            } else {
                int port = FreePorts.next();
                sandbox = startSandbox(Path.of(options.getOrDefault("sandbox-jar", "infrastructure/sandbox/target/litper-sandbox.jar")), port);
                baseUrl = "http://127.0.0.1:" + port + "/anthropic";
                apiKey = "agent-eval";
            }
            System.err.println("agent-eval: " + cases.size() + " cases against " + baseUrl + " (" + model + ")");

            String redisUrl = options.get("redis-url");
            if (redisUrl == null) {
                localRedis = LocalRedis.start(null, FreePorts.next());
                redisUrl = localRedis.url();
            }
            URI redisUri = URI.create(redisUrl);
            connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redisUri.getHost(), redisUri.getPort()));
            connections.afterPropertiesSet();
            connections.start();
            StringRedisTemplate redis = new StringRedisTemplate(connections);

            Map<String, JsonNode> timelines = new HashMap<>();
            cases.forEach(c -> timelines.putAll(c.timelines() == null ? Map.of() : c.timelines()));
            Set<String> fetched = ConcurrentHashMap.newKeySet();
            tracking = trackingService(timelines, fetched);

            Map<String, Object> settings = new HashMap<>();
            settings.put("litper.agents.tracking.base-url", "http://127.0.0.1:" + tracking.getAddress().getPort());
            settings.put("litper.agents.prices.claude-sonnet-4-5.input", "3.00");
            settings.put("litper.agents.prices.claude-sonnet-4-5.output", "15.00");
            settings.put("litper.agents.prices.claude-sonnet-4-5.cache-write", "3.75");
            settings.put("litper.agents.prices.claude-sonnet-4-5.cache-read", "0.30");
            settings.put("litper.anthropic.base-url", baseUrl);
            settings.put("litper.anthropic.api-key", apiKey);
            settings.put("litper.anthropic.model", model);
            Binder binder = new Binder(new MapConfigurationPropertySource(settings));
            AgentProperties properties = binder.bindOrCreate("litper.agents", AgentProperties.class);
            AnthropicProperties anthropic = binder.bindOrCreate("litper.anthropic", AnthropicProperties.class);

            MeterRegistry meters = new SimpleMeterRegistry();
            Clock clock = Clock.systemUTC();
            SupportAgent agent = agent(properties, anthropic, redis, meters, clock);
            Set<String> knownTools = SupportTools.definitions().stream().map(t -> t.asTool().name()).collect(Collectors.toSet());

            // One unscored replay first, so the first case does not carry the JVM's and the connections' warm-up.
            replay(agent, cases.get(0), new SimpleMeterRegistry(), ConcurrentHashMap.newKeySet());

            List<Double> seconds = new ArrayList<>();
            int resolved = 0;
            int handedOver = 0;
            int wrongTool = 0;
            long tokens = 0;
            double cost = 0;
            for (EvalCases.Case c : cases) {
                fetched.clear();
                EvalCases.Observed observed = replay(agent, c, meters, fetched);
                EvalCases.Score score = EvalCases.score(c, observed, knownTools, EvalCases.othersData(cases, c));
                seconds.add(observed.seconds());
                resolved += observed.handedOver() ? 0 : 1;
                handedOver += observed.handedOver() ? 1 : 0;
                wrongTool += score.wrongTool() ? 1 : 0;
                tokens += observed.tokens();
                cost += observed.cost();
                System.out.println(caseLine(c, observed, score));
            }
            System.out.println(String.format(Locale.ROOT,
                    "agent-eval cases=%d resolved=%d handed_over=%d wrong_tool=%d p50_s=%.2f p99_s=%.2f tokens_per_case=%d cost_per_case=%.5f",
                    cases.size(), resolved, handedOver, wrongTool, percentile(seconds, 50), percentile(seconds, 99),
                    cases.isEmpty() ? 0 : tokens / cases.size(), cases.isEmpty() ? 0 : cost / cases.size()));
        } finally {
            if (connections != null) {
                connections.destroy();
            }
            if (tracking != null) {
                tracking.stop(0);
            }
            if (localRedis != null) {
                localRedis.close();
            }
            if (sandbox != null) {
                sandbox.destroy();
                sandbox.waitFor();
            }
        }
        System.exit(0);
    }

    /** agent-orchestrator's run pieces, wired as its Spring configuration wires them. */
    static SupportAgent agent(AgentProperties properties, AnthropicProperties anthropic, StringRedisTemplate redis, MeterRegistry meters,
            Clock clock) {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(anthropic.baseUrl()).apiKey(anthropic.apiKey()).maxRetries(0)
                .timeout(properties.runDeadline()).build();
        int failures = properties.circuitBreaker().consecutiveFailures();
        CircuitBreaker breaker = CircuitBreaker.of("anthropic", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(failures)
                .minimumNumberOfCalls(failures).failureRateThreshold(100).waitDurationInOpenState(properties.circuitBreaker().openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> !(e instanceof AnthropicServiceException s) || s.statusCode() >= 500).build());
        Claude claude = new Claude(client, breaker, new ModelRateLimits(redis, properties, meters, clock));
        TrackingClient tracking = new TrackingClient(properties.tracking(), JSON, name -> Optional.empty());
        RunMetrics metrics = new RunMetrics(meters, properties, new RunSlots(redis, properties));
        // The action tools run dry: they check and answer what the buyer would be asked, record and send nothing.
        OrderActions actions = OrderActions.dryRunsOnly(new ActionProperties(Duration.ofMinutes(30), 15, ZoneId.of("America/Bogota")), JSON, clock);
        return new SupportAgent(claude, tracking, new ConversationMemory(redis, properties), metrics, properties, anthropic, JSON, clock, actions);
    }

    /** One case: each turn is one run answering the turn's messages, in one conversation with the case's snapshot. */
    static EvalCases.Observed replay(SupportAgent agent, EvalCases.Case c, MeterRegistry meters, Set<String> fetched)
            throws InterruptedException {
        UUID store = UUID.randomUUID();
        UUID conversation = UUID.randomUUID();
        List<InboundMessage.Order> orders = c.orders().stream().map(o -> new InboundMessage.Order(UUID.randomUUID(), o.lastEvent(), o.reason(),
                o.trackingNumber(), o.carrierName(), o.lastEventAt() == null ? Instant.now() : o.lastEventAt())).toList();
        List<String> tools = new ArrayList<>();
        StringBuilder replies = new StringBuilder();
        StringBuilder results = new StringBuilder();
        boolean handedOver = false;
        long nanos = 0;
        for (List<String> turn : c.turns()) {
            List<InboundMessage> batch = new ArrayList<>();
            for (String text : turn) {
                batch.add(new InboundMessage(conversation, store, c.buyer().phone(), c.buyer().name(), text, "text", "wamid." + UUID.randomUUID(),
                        Instant.now(), orders));
            }
            long start = System.nanoTime();
            SupportAgent.Outcome outcome = agent.answer(UUID.randomUUID(), batch);
            nanos += System.nanoTime() - start;
            if (outcome.reply() != null) {
                replies.append(outcome.reply()).append('\n');
            }
            handedOver |= outcome.handover().isPresent();
            for (MessageParam message : outcome.transcript()) {
                for (ContentBlockParam block : message.content().contentBlockParams().orElse(List.of())) {
                    block.toolUse().ifPresent(use -> tools.add(use.name()));
                    block.toolResult().flatMap(ToolResultBlockParam::content).ifPresent(content ->
                            results.append(content.isString() ? content.asString() : content.toString()).append('\n'));
                }
            }
        }
        long tokens = 0;
        for (Counter counter : meters.find("litper.agents.tokens").tag("store", store.toString()).counters()) {
            tokens += (long) counter.count();
        }
        double cost = meters.find("litper.agents.cost").tag("store", store.toString()).counters().stream().mapToDouble(Counter::count).sum();
        return new EvalCases.Observed(tools, replies.toString(), results.toString(), handedOver, Set.copyOf(fetched), nanos / 1e9, tokens, cost);
    }

    static String caseLine(EvalCases.Case c, EvalCases.Observed o, EvalCases.Score s) {
        String reply = o.replies().strip().replace('\n', ' ').replace("\"", "'");
        return String.format(Locale.ROOT, "case=%s result=%s end=%s expected_end=%s tools=%s missing_tools=%s unknown_tools=%s"
                        + " missing_mentions=%s leaked=%s needs=%s s=%.2f tokens=%d reply=\"%s\"",
                c.id(), s.pass() ? "pass" : "FAIL", s.end(), s.expectedEnd(), list(o.toolsUsed()), list(s.missingTools()), list(s.unknownTools()),
                list(s.missingMentions()), list(s.leaked()), list(c.needsOrNone()), o.seconds(), o.tokens(),
                reply.length() <= 200 ? reply : reply.substring(0, 199) + "…");
    }

    private static String list(List<String> items) {
        return items.isEmpty() ? "-" : String.join(",", items).replace(' ', '_');
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** tracking-service's public lookup, answering the cases' timelines and recording every guide asked for. */
    private static HttpServer trackingService(Map<String, JsonNode> timelines, Set<String> fetched) throws java.io.IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/tracking/", exchange -> {
            String guide = URLDecoder.decode(exchange.getRequestURI().getPath().substring("/api/tracking/".length()), StandardCharsets.UTF_8);
            fetched.add(guide);
            JsonNode timeline = timelines.get(guide);
            byte[] body = (timeline == null ? "{\"status\":404,\"detail\":\"No shipment has the tracking number " + guide + ".\"}"
                    : JSON.writeValueAsString(timeline)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", timeline == null ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(timeline == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Process startSandbox(Path jar, int port) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No sandbox jar at " + jar.toAbsolutePath() + ": build it (./mvnw -pl infrastructure/sandbox -am package"
                    + " -DskipTests), pass --sandbox-jar, --sandbox-url, or set LITPER_ANTHROPIC_APIKEY for the real API.");
        }
        Path log = Files.createTempFile("agent-eval-sandbox", ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar",
                jar.toString(), "--server.port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        Instant until = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The sandbox stopped; see " + log);
            }
            try {
                HttpResponse<Void> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return process;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        process.destroy();
        throw new IllegalStateException("The sandbox did not start within 90 s; see " + log);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Usage: agent-eval [--cases file.json] [--sandbox-jar path | --sandbox-url http://host:port]"
                        + " [--redis-url redis://host:port]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }
}
