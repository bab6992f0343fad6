package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The PrometheusRule as Prometheus loads it, checked by promtool (Prometheus' own rule checker):
 * its {@code spec} is written as a plain rules file, {@code target/promtool/litper-rules.yaml}, then
 * {@code promtool check rules} validates it and {@code promtool test rules} runs the committed unit
 * tests, {@code src/test/promtool/litper-rules.test.yaml}, in which every alert fires and resolves.
 *
 * <p>promtool must be installed (Debian's {@code prometheus} package has it): on PATH, or named by
 * the system property or environment variable {@code PROMTOOL}; otherwise the test runs
 * {@code .ci/install-promtool}, which unpacks it without installing a Prometheus server. Without it
 * these tests fail; they never skip.
 */
class PromtoolTest {

    static final Path DIRECTORY = Path.of("target", "promtool");
    static final Path RULES = DIRECTORY.resolve("litper-rules.yaml");
    static final Path RULE_TESTS = Path.of("src", "test", "promtool", "litper-rules.test.yaml");

    private static Set<String> alerts;

    @BeforeAll
    static void writeTheRulesFile() throws IOException {
        RenderedChart chart = RenderedChart.with(Map.of("metrics.prometheusRule.enabled", true));
        GenericKubernetesResource rule = (GenericKubernetesResource) chart.allOfKind("PrometheusRule").get(0);
        Map<String, Object> spec = rule.get("spec");
        Files.createDirectories(DIRECTORY);
        Files.writeString(RULES, YAMLMapper.builder().enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.LITERAL_BLOCK_STYLE).build()
                .writeValueAsString(spec));
        // The unit tests name their rules file relative to themselves: beside it.
        Files.copy(RULE_TESTS, DIRECTORY.resolve(RULE_TESTS.getFileName()), StandardCopyOption.REPLACE_EXISTING);

        alerts = new TreeSet<>();
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        for (Map<String, Object> group : groups) {
            for (Map<?, ?> each : (List<Map<?, ?>>) group.get("rules")) {
                if (each.get("alert") != null) {
                    alerts.add(each.get("alert").toString());
                }
            }
        }
    }

    @Test
    void promtoolAcceptsTheRenderedRules() throws Exception {
        Result check = promtool("check", "rules", RULES.getFileName().toString());
        assertThat(check.exit()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertFiresAndResolvesInPromtoolsUnitTests() throws Exception {
        String tests = Files.readString(RULE_TESTS);
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(25)
                .allSatisfy(alert -> assertThat(tests).as("a promtool case that fires " + alert).contains("alertname: " + alert + "\n"));
        Result run = promtool("test", "rules", RULE_TESTS.getFileName().toString());
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    record Result(int exit, String output) {
    }

    static Result promtool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtoolExecutable());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    private static String promtoolExecutable() {
        Optional<String> named = Optional.ofNullable(System.getProperty("PROMTOOL")).or(() -> Optional.ofNullable(System.getenv("PROMTOOL")))
                .filter(name -> !name.isBlank());
        if (named.isPresent()) {
            return named.get();
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseGet(PromtoolTest::unpacked);
    }

    /** Not on PATH: the checkout's .ci/install-promtool unpacks Debian's package (once) and says where. */
    private static synchronized String unpacked() {
        try {
            Process install = new ProcessBuilder("bash", Path.of("..", ".ci", "install-promtool").toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String directory = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (install.waitFor(5, TimeUnit.MINUTES) && install.exitValue() == 0 && Files.isExecutable(Path.of(directory, "promtool"))) {
                return Path.of(directory, "promtool").toString();
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("could not run .ci/install-promtool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("promtool is not installed and .ci/install-promtool could not unpack it (it needs apt-get and dpkg): "
                + "install Debian's prometheus package, or set PROMTOOL to the executable");
    }
}
