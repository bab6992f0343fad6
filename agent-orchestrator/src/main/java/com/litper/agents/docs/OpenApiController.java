package com.litper.agents.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves docs/openapi-agents.yaml, copied into the jar by the build, so the served and committed
 * documents are one file. Behind the rules of every {@code /agents} path: any store
 * user's token reads it.
 */
@RestController
class OpenApiController {

    private static final MediaType YAML = new MediaType("application", "yaml", StandardCharsets.UTF_8);

    private final String document;

    OpenApiController() {
        try (InputStream in = new ClassPathResource("openapi/openapi-agents.yaml").getInputStream()) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi/openapi-agents.yaml is missing from the build", e);
        }
    }

    @GetMapping("/agents/openapi.yaml")
    ResponseEntity<String> openApi() {
        return ResponseEntity.ok().contentType(YAML).cacheControl(CacheControl.noCache()).body(document);
    }
}
