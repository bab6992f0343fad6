package com.litper.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart rendered by {@code helm template} (through helm-java's embedded Helm, no binary needed)
 * and parsed into fabric8 model objects. Kinds without a fabric8 model (ScaledObject,
 * ServiceMonitor) come back as {@code GenericKubernetesResource}.
 */
final class RenderedChart {

    /** The chart, relative to the module directory Surefire runs in. */
    static final Path CHART = Path.of("litper").toAbsolutePath();
    static final String RELEASE = "litper";
    static final String NAMESPACE = "litper";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private final String yaml;
    private final List<HasMetadata> objects;

    private RenderedChart(String yaml, List<HasMetadata> objects) {
        this.yaml = yaml;
        this.objects = objects;
    }

    /** Renders the chart with its default values. */
    static RenderedChart defaults() {
        return render(Map.of(), null);
    }

    /** Renders the chart with {@code --set key=value} pairs. */
    static RenderedChart with(Map<String, Object> sets) {
        return render(sets, null);
    }

    /** Renders the chart with a values file written from {@code valuesYaml}. */
    static RenderedChart withValues(String valuesYaml) {
        try {
            Path file = Files.createTempFile("litper-values", ".yaml");
            try {
                Files.writeString(file, valuesYaml);
                return render(Map.of(), file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The raw output of {@code helm template litper helm/litper --namespace litper --set tests.enabled=false}:
     * the defaults without the {@code helm test} pod, which plain manifests have no use for.
     */
    static String renderPlainYaml() {
        return template(Map.of("tests.enabled", false), null);
    }

    /** Hook annotations renamed to this, so that {@link #withHooks} can show hooks as ordinary objects. */
    static final String HOOK_ANNOTATION = "litper.test/helm-hook";

    /**
     * Renders the chart with its hooks ({@code helm test} pods and the like) among the objects.
     * helm-java's {@code helm template} leaves hooks out of its output, so a copy of the chart whose
     * {@code helm.sh/hook*} annotations are renamed to {@value #HOOK_ANNOTATION}{@code *} is rendered.
     */
    static RenderedChart withHooks(Map<String, Object> sets) {
        try {
            Path copy = Files.createTempDirectory("litper-chart");
            try (var files = Files.walk(CHART)) {
                for (Path source : files.toList()) {
                    Path target = copy.resolve(CHART.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else if (source.toString().endsWith(".yaml") && source.startsWith(CHART.resolve("templates"))) {
                        Files.writeString(target, Files.readString(source).replace("helm.sh/hook", HOOK_ANNOTATION));
                    } else {
                        Files.copy(source, target);
                    }
                }
            }
            TemplateCommand command = new Helm(copy).template().withName(RELEASE).withNamespace(NAMESPACE);
            new LinkedHashMap<>(sets).forEach(command::set);
            return parse(command.call());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RenderedChart render(Map<String, Object> sets, Path valuesFile) {
        return parse(template(sets, valuesFile));
    }

    private static RenderedChart parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            KubernetesResource resource = SERIALIZATION.unmarshal(document, KubernetesResource.class);
            objects.add((HasMetadata) resource);
        }
        return new RenderedChart(yaml, List.copyOf(objects));
    }

    private static String template(Map<String, Object> sets, Path valuesFile) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        new LinkedHashMap<>(sets).forEach(command::set);
        if (valuesFile != null) {
            command.withValuesFile(valuesFile);
        }
        return command.call();
    }

    String yaml() {
        return yaml;
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> allOfKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " named " + name + " in " + all(type).stream().map(o -> o.getMetadata().getName()).toList()));
    }
}
