package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * helm/litper/README.md's parameters tables are those of values.yaml's {@code ## @param} comments.
 * After changing values.yaml: {@code ./mvnw -q -pl helm verify -Dtest=ChartReadmeTest -Dlitper.helm.regenerate=true},
 * or Bitnami's tool (the README says how); both write the same tables.
 */
class ChartReadmeTest {

    static final Path README = RenderedChart.CHART.resolve("README.md");

    @Test
    void theReadmesParametersAreTheValuesDocumentation() throws IOException {
        String values = Files.readString(RenderedChart.CHART.resolve("values.yaml"));
        String readme = Files.readString(README);
        String expected = ChartReadme.regenerate(readme, values);
        if (Boolean.getBoolean("litper.helm.regenerate")) {
            Files.writeString(README, expected);
            readme = expected;
        }
        assertThat(readme).as(README + " is out of date with values.yaml; regenerate it (" + ChartReadmeTest.class.getSimpleName() + "'s comment)")
                .isEqualTo(expected);
        assertThat(readme).contains("| `keda.scaledObjects.workerLow.priorities.LOW`", "### KEDA (scale the workers on queue depth instead of CPU)");
    }

    @Test
    void theTablesFollowBitnamisFormat() {
        String values = """
                ## @section First things
                ## @param a.b The b of a
                ## @param a.list [array] A list
                ## @param c Nothing yet
                a:
                  b: hello
                  list:
                    - x
                c: ""
                ## @section Second
                ## @param d A number
                d: 0.999
                """;
        assertThat(ChartReadme.parameters(values)).isEqualTo("""
                ### First things

                | Name     | Description | Value   |
                | -------- | ----------- | ------- |
                | `a.b`    | The b of a  | `hello` |
                | `a.list` | A list      | `[]`    |
                | `c`      | Nothing yet | `""`    |

                ### Second

                | Name | Description | Value   |
                | ---- | ----------- | ------- |
                | `d`  | A number    | `0.999` |

                """);
        assertThatThrownBy(() -> ChartReadme.parameters("## @section S\n## @param a A map\na:\n  k: v\n"))
                .hasMessageContaining("[object]");
    }
}
