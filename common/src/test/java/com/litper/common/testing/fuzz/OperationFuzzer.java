package com.litper.common.testing.fuzz;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Hostile requests to the operations of an OpenAPI document: each starts as the operation's
 * example (or a valid body and parameters the test gives), with credentials, and gets one hostile
 * change: its body, a query parameter, a path parameter, a header, its credentials, its method.
 */
public final class OperationFuzzer {

    private final HostileInput input;
    private final Function<OpenApiOperations.Operation, String> authorization;
    private final Map<String, String> validBodies = new HashMap<>();
    private final Map<String, String> validPathParameters = new HashMap<>();
    private final Map<String, String> validQueryValues = new HashMap<>();

    /**
     * @param input the run's generator
     * @param authorization the {@code Authorization} header value that lets an operation through, or null for none
     */
    public OperationFuzzer(HostileInput input, Function<OpenApiOperations.Operation, String> authorization) {
        this.input = input;
        this.authorization = authorization;
    }

    /** A valid body for the operation, to start from instead of the document's example. */
    public OperationFuzzer body(String operationId, String body) {
        validBodies.put(operationId, body);
        return this;
    }

    /** A valid value for a path parameter of every operation (e.g. an id that exists). */
    public OperationFuzzer pathParameter(String name, String value) {
        validPathParameters.put(name, value);
        return this;
    }

    /** A valid value for a query parameter (e.g. a cursor a listing handed out). */
    public OperationFuzzer queryValue(String name, String value) {
        validQueryValues.put(name, value);
        return this;
    }

    /** The operation's valid request, before anything hostile. */
    public HostileRequest valid(OpenApiOperations.Operation operation) {
        HostileRequest request = HostileRequest.of(operation.method(), operation.examplePath(validPathParameters), "");
        String auth = authorization.apply(operation);
        if (auth != null) {
            request = request.with("Authorization", auth);
        }
        String body = validBodies.getOrDefault(operation.operationId(), operation.exampleBody());
        if (body != null) {
            request = request.withBody(operation.bodyType(), body);
        }
        return request;
    }

    /** One hostile request to {@code operation}. */
    public HostileRequest next(OpenApiOperations.Operation operation) {
        HostileRequest request = valid(operation);
        List<OpenApiOperations.Parameter> query = operation.in("query");
        List<OpenApiOperations.Parameter> path = operation.in("path");
        int kind = input.random().nextInt(100);
        if (request.body().length > 0 && kind < 45) {
            return hostileBody(operation, request);
        }
        if (!query.isEmpty() && kind < 60) {
            return hostileQuery(request, query);
        }
        if (kind < 72) {
            String trick = input.pathTrick(request.target());
            return request.withTarget(trick).labelled("path trick " + HostileRequest.excerpt(trick, 80));
        }
        if (!path.isEmpty() && kind < 78) {
            OpenApiOperations.Parameter parameter = input.pick(path);
            String value = input.pick(HostileInput.encode(input.hostileTimestamp()), "9223372036854775808", "-1", "%00",
                    HostileInput.encode("\u202e") + "x", "..", ".", "%2e%2e", "x".repeat(2000), "null", "%2F");
            Map<String, String> ids = new HashMap<>(validPathParameters);
            ids.put(parameter.name(), value);
            return request.withTarget(operation.examplePath(ids)).labelled("path parameter " + parameter.name() + " = " + value);
        }
        if (kind < 92) {
            return input.headerTrick(request);
        }
        if (kind < 96) {
            return request.with("Authorization", null).labelled("no credentials");
        }
        String method = input.pick("PATCH", "PUT", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "GETT", "post");
        return new HostileRequest(method, request.target(), request.headers(), request.body(), "method " + method);
    }

    private HostileRequest hostileBody(OpenApiOperations.Operation operation, HostileRequest request) {
        String valid = validBodies.getOrDefault(operation.operationId(), operation.exampleBody());
        if (operation.bodyType().contains("json")) {
            HostileInput.Body body = input.body(valid);
            return request.withBody(operation.bodyType(), body.json()).labelled(body.label());
        }
        // A form: one field hostile, repeated or missing, or a JSON body where a form is expected.
        String[] fields = valid.split("&");
        int field = input.random().nextInt(fields.length);
        String name = fields[field].split("=", 2)[0];
        String value = input.hostileQueryValue();
        fields[field] = switch (input.random().nextInt(4)) {
            case 0 -> name + "=" + value + "&" + name + "=" + value;
            case 1 -> "";
            case 2 -> name;
            default -> name + "=" + value;
        };
        String form = String.join("&", fields);
        return input.chance(0.1)
                ? request.withBody("application/json", "{\"grant_type\":\"password\"}").labelled("JSON instead of a form")
                : request.withBody(operation.bodyType(), form).labelled("form field " + name);
    }

    private HostileRequest hostileQuery(HostileRequest request, List<OpenApiOperations.Parameter> query) {
        StringBuilder target = new StringBuilder(request.target()).append('?');
        OpenApiOperations.Parameter chosen = input.pick(query);
        String label = "";
        for (OpenApiOperations.Parameter parameter : query) {
            String valid = validQueryValues.get(parameter.name());
            String value;
            if (parameter == chosen) {
                value = switch (parameter.name()) {
                    case "cursor" -> HostileInput.encode(input.badCursor(valid));
                    case "limit" -> HostileInput.encode(input.badLimit());
                    default -> input.hostileQueryValue();
                };
                label = "query " + parameter.name() + " = " + HostileRequest.excerpt(value, 80);
                if (input.chance(0.15)) {
                    target.append(parameter.name()).append('=').append(valid == null ? "1" : HostileInput.encode(valid)).append('&');
                    label += " (repeated)";
                }
            } else if (valid != null && input.chance(0.5)) {
                value = HostileInput.encode(valid);
            } else {
                continue;
            }
            target.append(parameter.name()).append('=').append(value).append('&');
        }
        target.setLength(target.length() - 1);
        return request.withTarget(target.toString()).labelled(label);
    }
}
