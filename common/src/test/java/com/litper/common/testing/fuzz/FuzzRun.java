package com.litper.common.testing.fuzz;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One bounded, seeded fuzzing run against a service on a socket. Sends {@link HostileRequest}s and
 * checks each answer: never a 5xx (nor a connection closed without one), every 4xx an RFC 9457
 * problem ({@code application/problem+json} whose {@code status} is the response's), and nothing
 * stored for a refused request (the service's {@code stored} counts are the same after it).
 * Failures are collected and reported together with the seed to replay them.
 *
 * <p>System properties: {@code litper.fuzz.seed} replays a run (a new seed otherwise, printed);
 * {@code litper.fuzz.seconds} (default 30) and {@code litper.fuzz.requests} (default 4000) bound it.
 */
public final class FuzzRun {

    private static final Logger log = LoggerFactory.getLogger(FuzzRun.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_REPORTED = 15;

    private final String name;
    private final long seed;
    private final HostileInput input;
    private final RawHttp http;
    private final Supplier<Map<String, Long>> stored;
    private final long deadlineNanos;
    private final int maxRequests;
    private final List<String> failures = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    private Predicate<HostileRequest> oauthEndpoint = request -> false;
    private int sent;

    private FuzzRun(String name, long seed, RawHttp http, Supplier<Map<String, Long>> stored, Duration budget, int maxRequests) {
        this.name = name;
        this.seed = seed;
        this.input = new HostileInput(seed);
        this.http = http;
        this.stored = stored;
        this.deadlineNanos = System.nanoTime() + budget.toNanos();
        this.maxRequests = maxRequests;
    }

    /**
     * A run against {@code http} whose {@code stored} gives the row counts (and queue lengths) that
     * a refused request must leave as they were.
     */
    public static FuzzRun start(String name, RawHttp http, Supplier<Map<String, Long>> stored) {
        String fixed = System.getProperty("litper.fuzz.seed");
        long seed = fixed == null || fixed.isBlank() ? System.nanoTime() : Long.parseLong(fixed.strip());
        Duration budget = Duration.ofSeconds(Long.getLong("litper.fuzz.seconds", 30));
        int requests = Integer.getInteger("litper.fuzz.requests", 4000);
        log.info("Fuzzing {} with seed {} (replay with -Dlitper.fuzz.seed={}), at most {} requests in {} s",
                name, seed, seed, requests, budget.toSeconds());
        return new FuzzRun(name, seed, http, stored, budget, requests);
    }

    /** Refusals of requests this matches may be OAuth2 errors (RFC 6749 §5.2: application/json with {@code error}). */
    public FuzzRun oauthErrorsFrom(Predicate<HostileRequest> endpoint) {
        this.oauthEndpoint = endpoint;
        return this;
    }

    public long seed() {
        return seed;
    }

    public HostileInput input() {
        return input;
    }

    /** Whether there is time and count left for another request. */
    public boolean goOn() {
        return sent < maxRequests && System.nanoTime() < deadlineNanos;
    }

    public int sent() {
        return sent;
    }

    /** Sends one request and checks its answer; null when it got none. */
    public RawHttp.Response send(HostileRequest request) {
        int number = ++sent;
        Map<String, Long> before = stored.get();
        RawHttp.Response response;
        try {
            response = http.send(request);
        } catch (IOException e) {
            failure(number, request, null, "no HTTP answer: " + e.getMessage());
            return null;
        }
        statuses.merge(response.status(), 1, Integer::sum);
        String wrong = judge(request, response);
        if (wrong != null) {
            failure(number, request, response, wrong);
        }
        if (response.status() >= 400) {
            Map<String, Long> after = stored.get();
            if (!after.equals(before)) {
                failure(number, request, response, "refused with " + response.status() + " but stored something: " + before + " -> " + after);
            }
        }
        return response;
    }

    /** Records a failure found by the caller's own check (e.g. a value stored wrapped). */
    public void fail(HostileRequest request, RawHttp.Response response, String message) {
        failure(sent, request, response, message);
    }

    private String judge(HostileRequest request, RawHttp.Response response) {
        int status = response.status();
        if (status >= 500) {
            return "server error " + status;
        }
        if (status < 400) {
            return null;
        }
        String type = Objects.toString(response.contentType(), "");
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            return status + " with a body that is not JSON (Content-Type " + type + ")";
        }
        if (oauthEndpoint.test(request) && type.startsWith("application/json") && body != null && body.path("error").isString()) {
            return null;
        }
        if (!type.startsWith("application/problem+json")) {
            return status + " with Content-Type '" + type + "', not application/problem+json";
        }
        if (body == null || !body.isObject() || body.path("status").asInt(-1) != status) {
            return status + " with a problem whose status is not " + status;
        }
        if (body.path("detail").asString("").isBlank() || response.text().contains("\tat ") || response.text().contains("Exception")) {
            return status + " with a problem without detail or with a stack trace";
        }
        return null;
    }

    private void failure(int number, HostileRequest request, RawHttp.Response response, String message) {
        String answer = response == null ? "" : "\n    answer " + response.status() + " " + response.contentType() + ": "
                + HostileRequest.excerpt(response.text(), 300);
        String text = "#" + number + " " + message + "\n    " + request.describe() + answer;
        log.error("Fuzz failure in {} (seed {}): {}", name, seed, text);
        failures.add(text);
    }

    /** Fails the test listing what went wrong, with the seed that replays it. */
    public void assertNoFailures() {
        log.info("Fuzzed {} with {} requests (seed {}), answers by status {}: {} failures", name, sent, seed, statuses, failures.size());
        if (!failures.isEmpty()) {
            List<String> shown = failures.subList(0, Math.min(MAX_REPORTED, failures.size()));
            org.assertj.core.api.Assertions.fail(failures.size() + " of " + sent + " hostile requests to " + name + " were mishandled. Replay with -Dlitper.fuzz.seed="
                    + seed + "\n" + String.join("\n", shown) + (failures.size() > MAX_REPORTED ? "\n…" : ""));
        }
    }
}
