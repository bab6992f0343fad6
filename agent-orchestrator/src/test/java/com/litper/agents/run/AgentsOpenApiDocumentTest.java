package com.litper.agents.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.security.Role;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/** docs/openapi-agents.yaml and the service agree: every documented operation exists, every /agents operation is documented. */
class AgentsOpenApiDocumentTest extends AgentsApiTestSupport {

    private static final Path DOCUMENT = Path.of("..", "docs", "openapi-agents.yaml");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @SuppressWarnings("unchecked")
    private static Set<String> documented() throws IOException {
        try (Reader reader = Files.newBufferedReader(DOCUMENT)) {
            Map<String, Object> document = new Yaml().load(reader);
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
            Set<String> operations = new HashSet<>();
            paths.forEach((path, item) -> item.keySet().forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
            return operations;
        }
    }

    private Set<String> implemented() {
        Set<String> operations = new HashSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(path -> path.startsWith("/agents/"))
                .forEach(path -> info.getMethodsCondition().getMethods()
                        .forEach(method -> operations.add(method.name() + " " + path))));
        return operations;
    }

    @Test
    void everyDocumentedOperationExistsAndEveryAgentsOperationIsDocumented() throws IOException {
        assertThat(implemented()).isNotEmpty();
        assertThat(documented()).containsExactlyInAnyOrderElementsOf(implemented());
    }

    @Test
    void theServiceServesTheCommittedDocumentToStoreUsers() throws IOException {
        var served = get("/agents/openapi.yaml", token(UUID.randomUUID(), Role.VIEWER));
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/yaml");
        assertThat(served.body()).isEqualTo(Files.readString(DOCUMENT));
    }
}
