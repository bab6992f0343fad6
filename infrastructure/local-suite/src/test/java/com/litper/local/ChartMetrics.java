package com.litper.local;

import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The metric names the chart's operators rely on (helm/litper: the PrometheusRule's alerts and
 * recording rules, the Grafana dashboards' queries) against the names the running services really
 * export on {@code /actuator/prometheus}. A name that only an exporter or Kubernetes provides, or that
 * a service registers only once something goes wrong, is listed in {@link #NOT_FROM_THE_SUITE} with
 * the reason it cannot show up in a healthy local run.
 */
final class ChartMetrics {

    /** Names referenced by the chart that the local suite cannot export, and why. Prefix entries end in '*'. */
    static final Map<String, String> NOT_FROM_THE_SUITE = Map.ofEntries(
            Map.entry("up", "Prometheus' own series for each scrape target"),
            Map.entry("kube_*", "kube-state-metrics (docs/operations.md, Prerequisites)"),
            Map.entry("redis_*", "redis_exporter, run by the Bitnami Redis chart beside each Redis (infrastructure/redis-sentinel, metrics.enabled)"),
            Map.entry("litper_queue_retried_total", "registered at a task's first failed attempt that gets another; the order flow fails none"),
            Map.entry("litper_queue_failed_total", "registered at a task's first failed attempt; the order flow fails none"),
            Map.entry("litper_queue_dead_lettered_total", "registered when a task first becomes a dead letter"),
            Map.entry("litper_chat_webhook_rejected_total", "registered when chat-service first refuses a webhook"),
            Map.entry("litper_queue_reclaimed_total", "registered when a worker first reclaims an expired lease of a silent worker; none dies in the flow"),
            Map.entry("litper_db_replica_lag_bytes", "read routing (DatabaseRoutingAutoConfiguration) runs only with litper.db.replica-urls set, per replica; the local suite's services use the primary only"),
            Map.entry("litper_db_replica_up", "read routing only, as litper_db_replica_lag_bytes"),
            Map.entry("litper_db_connections_total", "read routing only, as litper_db_replica_lag_bytes"),
            Map.entry("litper_db_read_retries_total", "read routing only, as litper_db_replica_lag_bytes"));

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,()]+?)\\s*,\\s*\\w+\\s*\\)");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern NAME = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "by", "without", "on",
            "ignoring", "group_left", "group_right");

    private ChartMetrics() {
    }

    /** Every metric name in {@code /actuator/prometheus} of the services listening on these management ports. */
    static Set<String> scrape(Map<String, Integer> managementPorts) throws IOException, InterruptedException {
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, Integer> service : managementPorts.entrySet()) {
            HttpResponse<Stream<String>> response = CLIENT.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.getValue() + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new AssertionError(service.getKey() + " /actuator/prometheus answered " + response.statusCode());
            }
            response.body().filter(line -> !line.startsWith("#")).map(SAMPLE::matcher).filter(Matcher::find)
                    .forEach(sample -> names.add(sample.group(1)));
        }
        return names;
    }

    /** Where each metric name is used: the rendered alert rules and every dashboard query, by source. */
    static Map<String, Set<String>> referenced(Path projectRoot) throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        Set<String> recorded = new TreeSet<>();
        Path chart = projectRoot.resolve("helm").resolve("litper");
        String rendered = new Helm(chart.toAbsolutePath()).template().withName("litper").withNamespace("litper")
                .set("metrics.prometheusRule.enabled", true).call();
        YAMLMapper yaml = YAMLMapper.builder().build();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            if (!document.contains("kind: PrometheusRule")) {
                continue;
            }
            JsonNode rule = yaml.readTree(document);
            for (JsonNode group : rule.path("spec").path("groups")) {
                for (JsonNode each : group.path("rules")) {
                    if (each.has("record")) {
                        recorded.add(each.path("record").asString());
                    }
                    String source = "rule " + (each.has("alert") ? each.path("alert").asString() : each.path("record").asString());
                    names(each.path("expr").asString()).forEach(name -> uses.computeIfAbsent(name, n -> new TreeSet<>()).add(source));
                }
            }
        }
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> files = Files.list(chart.resolve("dashboards"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(Files.readString(file));
                List<String> queries = new ArrayList<>();
                dashboard.path("templating").path("list").forEach(variable -> {
                    if ("query".equals(variable.path("type").asString())) {
                        queries.add(variable.path("query").isObject() ? variable.path("query").path("query").asString() : variable.path("query").asString());
                    }
                });
                collectTargets(dashboard.path("panels"), queries);
                String source = "dashboard " + file.getFileName();
                queries.forEach(query -> names(query).forEach(name -> uses.computeIfAbsent(name, n -> new TreeSet<>()).add(source)));
            }
        }
        // Series the rules record themselves are checked through the expressions that record them.
        recorded.forEach(uses::remove);
        return uses;
    }

    /** Whether a referenced name needs no scrape: recorded by the chart's own rules, or listed in {@link #NOT_FROM_THE_SUITE}. */
    static boolean external(String name) {
        return NOT_FROM_THE_SUITE.keySet().stream()
                .anyMatch(entry -> entry.endsWith("*") ? name.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(name));
    }

    /** The metric names a PromQL expression selects (functions, labels, keywords, Grafana variables and numbers left out). */
    static Set<String> names(String promql) {
        String query = LABEL_VALUES.matcher(promql).replaceAll("$1");
        query = STRING.matcher(query).replaceAll("\"\"");
        query = query.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
        query = GROUPING.matcher(query).replaceAll(" ");
        query = query.replaceAll("\\$\\{?\\w+}?", " ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = NAME.matcher(query);
        while (matcher.find()) {
            if (!KEYWORDS.contains(matcher.group(1))) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static void collectTargets(JsonNode panels, List<String> queries) {
        for (JsonNode panel : panels) {
            panel.path("targets").forEach(target -> {
                if (target.hasNonNull("expr")) {
                    queries.add(target.path("expr").asString());
                }
            });
            collectTargets(panel.path("panels"), queries);
        }
    }
}
