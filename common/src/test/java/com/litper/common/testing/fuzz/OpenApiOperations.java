package com.litper.common.testing.fuzz;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations of an OpenAPI 3.1 document, each with an example request built from its schemas
 * (their {@code examples}, enums and formats): the valid starting point that {@link HostileInput}
 * makes hostile.
 */
public final class OpenApiOperations {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A parameter: where it goes ({@code path}, {@code query}, {@code header}), its name and an example value. */
    public record Parameter(String in, String name, String example) {
    }

    /**
     * One operation.
     *
     * @param method upper-case HTTP method
     * @param path path template, e.g. {@code /api/orders/{id}}
     * @param operationId the document's operation id
     * @param parameters its parameters with example values
     * @param bodyType the request body's media type, or null without a body
     * @param exampleBody an example body (JSON text for JSON bodies, a form for form bodies), or null
     * @param anonymous whether it needs no credentials ({@code security: []})
     */
    public record Operation(String method, String path, String operationId, List<Parameter> parameters, String bodyType,
            String exampleBody, boolean anonymous) {

        /** The path with each path parameter set to its example, or to {@code override} where given. */
        public String examplePath(Map<String, String> override) {
            String result = path;
            for (Parameter p : parameters) {
                if (p.in().equals("path")) {
                    result = result.replace("{" + p.name() + "}", override.getOrDefault(p.name(), p.example()));
                }
            }
            return result;
        }

        public List<Parameter> in(String where) {
            return parameters.stream().filter(p -> p.in().equals(where)).toList();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final Map<String, Object> document;

    private OpenApiOperations(Map<String, Object> document) {
        this.document = document;
    }

    public static List<Operation> read(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> document = new Yaml().load(reader);
            return new OpenApiOperations(document).operations();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        paths.forEach((path, item) -> item.forEach((method, value) -> {
            Map<String, Object> operation = (Map<String, Object>) value;
            List<Parameter> parameters = new ArrayList<>();
            for (Object p : (List<Object>) operation.getOrDefault("parameters", List.of())) {
                Map<String, Object> parameter = resolve((Map<String, Object>) p);
                Object example = example((Map<String, Object>) parameter.getOrDefault("schema", Map.of()), 0);
                parameters.add(new Parameter((String) parameter.get("in"), (String) parameter.get("name"), String.valueOf(example)));
            }
            String bodyType = null;
            String body = null;
            Map<String, Object> requestBody = (Map<String, Object>) operation.get("requestBody");
            if (requestBody != null) {
                Map<String, Map<String, Object>> content = (Map<String, Map<String, Object>>) resolve(requestBody).get("content");
                bodyType = content.keySet().iterator().next();
                Object example = example((Map<String, Object>) content.get(bodyType).getOrDefault("schema", Map.of()), 0);
                body = bodyType.contains("json") ? JSON.writeValueAsString(example) : form(example);
            }
            List<?> security = (List<?>) operation.get("security");
            operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, (String) operation.get("operationId"), parameters,
                    bodyType, body, security != null && security.isEmpty()));
        }));
        return operations;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> resolve(Map<String, Object> node) {
        Object ref = node.get("$ref");
        if (!(ref instanceof String pointer)) {
            return node;
        }
        Object target = document;
        for (String part : pointer.substring(2).split("/")) {
            target = ((Map<String, Object>) target).get(part);
        }
        return resolve((Map<String, Object>) target);
    }

    @SuppressWarnings("unchecked")
    private Object example(Map<String, Object> raw, int depth) {
        Map<String, Object> schema = resolve(raw);
        if (depth > 10) {
            return null;
        }
        for (String combinator : List.of("oneOf", "anyOf")) {
            if (schema.get(combinator) instanceof List<?> options) {
                for (Object option : options) {
                    Map<String, Object> resolved = resolve((Map<String, Object>) option);
                    if (!"null".equals(resolved.get("type"))) {
                        return example(resolved, depth + 1);
                    }
                }
            }
        }
        if (schema.get("allOf") instanceof List<?> parts) {
            Map<String, Object> merged = new LinkedHashMap<>();
            parts.forEach(part -> {
                if (example((Map<String, Object>) part, depth + 1) instanceof Map<?, ?> map) {
                    merged.putAll((Map<String, Object>) map);
                }
            });
            return merged;
        }
        if (schema.get("examples") instanceof List<?> examples && !examples.isEmpty()) {
            return examples.get(0);
        }
        if (schema.containsKey("example")) {
            return schema.get("example");
        }
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.get(0);
        }
        if (schema.containsKey("default")) {
            return schema.get("default");
        }
        String type = type(schema);
        return switch (type) {
            case "object" -> {
                Map<String, Object> object = new LinkedHashMap<>();
                ((Map<String, Map<String, Object>>) schema.getOrDefault("properties", Map.of()))
                        .forEach((name, property) -> object.put(name, example(property, depth + 1)));
                yield object;
            }
            case "array" -> {
                Object item = example((Map<String, Object>) schema.getOrDefault("items", Map.of()), depth + 1);
                yield item == null ? List.of() : List.of(item);
            }
            case "integer", "number" -> schema.get("minimum") instanceof Number min ? min : 1;
            case "boolean" -> true;
            default -> switch (String.valueOf(schema.get("format"))) {
                case "uuid" -> UUID.randomUUID().toString();
                case "email" -> "fuzz@example.com";
                case "date-time" -> Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
                case "date" -> "2026-11-25";
                default -> schema.get("minLength") instanceof Integer min ? "x".repeat(Math.max(min, 4)) : "text";
            };
        };
    }

    private static String type(Map<String, Object> schema) {
        Object type = schema.get("type");
        if (type instanceof List<?> types) {
            return types.stream().map(String::valueOf).filter(t -> !t.equals("null")).findFirst().orElse("string");
        }
        if (type == null) {
            return schema.containsKey("properties") ? "object" : "string";
        }
        return type.toString();
    }

    @SuppressWarnings("unchecked")
    private static String form(Object example) {
        StringBuilder form = new StringBuilder();
        if (example instanceof Map<?, ?> fields) {
            ((Map<String, Object>) fields).forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
                    .append(HostileInput.encode(name)).append('=').append(HostileInput.encode(String.valueOf(value))));
        }
        return form.toString();
    }
}
