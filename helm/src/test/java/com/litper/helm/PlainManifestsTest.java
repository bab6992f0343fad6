package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * infrastructure/kubernetes/deployment.yaml is the chart's default output (without the {@code helm test} pod), so that operators
 * without Helm apply exactly what the chart would install. Regenerate it after changing the chart:
 * {@code infrastructure/kubernetes/regenerate.sh} (or run this test with -Dlitper.helm.regenerate=true).
 */
class PlainManifestsTest {

    static final Path MANIFEST = Path.of("..", "infrastructure", "kubernetes", "deployment.yaml").toAbsolutePath().normalize();
    static final String HEADER = """
            # Litper: plain Kubernetes manifests of the helm/litper chart's defaults, for `kubectl apply`.
            # Generated, do not edit: this is `helm template litper helm/litper --namespace litper`
            # with the defaults, less the `helm test` pod (--set tests.enabled=false).
            # Regenerate with infrastructure/kubernetes/regenerate.sh; a test keeps it identical.
            # Before applying: kubectl create namespace litper, and create the Secret litper-secrets
            # (docs/operations.md, "Installing without Helm").
            """;

    @Test
    void deploymentYamlIsTheChartsDefaultOutput() throws IOException {
        String expected = HEADER + RenderedChart.renderPlainYaml();
        if (Boolean.getBoolean("litper.helm.regenerate")) {
            Files.createDirectories(MANIFEST.getParent());
            Files.writeString(MANIFEST, expected);
        }

        assertThat(Files.exists(MANIFEST)).as(MANIFEST + " is missing; " + howToRegenerate()).isTrue();
        assertThat(Files.readString(MANIFEST))
                .as(MANIFEST + " differs from the chart's default output; " + howToRegenerate())
                .isEqualTo(expected);
    }

    private static String howToRegenerate() {
        return "regenerate it with infrastructure/kubernetes/regenerate.sh "
                + "(or ./mvnw -o test -pl helm -Dtest=PlainManifestsTest -Dlitper.helm.regenerate=true)";
    }
}
