package com.litper.agents.run;

import com.litper.agents.config.AgentProperties;
import com.litper.common.carrier.CarrierRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A shipment's timeline from its owner, tracking-service, through its public tracking lookup
 * ({@code GET /api/tracking/{trackingNumber}}: status, novedad reason and every carrier event, never the
 * store's or the buyer's data). Each lookup fits in the run: its timeout is {@code tracking.timeout}, and
 * never more than the run's time left minus a second, kept for the model's answer. Lookups go through a
 * Resilience4j circuit ({@code tracking}) that opens after {@code tracking.circuit-breaker.consecutive-failures}
 * failed lookups in a row (5xx, I/O, timeout); its named fallback ({@link #circuitOpen}) makes no call.
 * Every failure is an {@link Unavailable}, which the tool turns into an error result: the run goes on.
 */
@Component
class TrackingClient {

    /** Kept for the model's answer after the tool result. */
    private static final Duration ANSWER_RESERVE = Duration.ofSeconds(1);
    private static final Duration SHORTEST = Duration.ofMillis(200);

    /** Why no timeline came back; its message is what the model reads. */
    static final class Unavailable extends Exception {

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A 5xx of tracking-service: counted by the circuit as a failure. */
    private static final class ServerError extends IOException {

        ServerError(int status) {
            super("tracking-service answered " + status);
        }
    }

    private final AgentProperties.Tracking properties;
    private final JsonMapper json;
    private final Function<String, Optional<String>> carrierCodes;
    private final HttpClient http;
    private final CircuitBreaker breaker;

    @Autowired
    TrackingClient(AgentProperties properties, JsonMapper json, ObjectProvider<CarrierRegistry> carriers) {
        this(properties.tracking(), json, name -> Optional.ofNullable(carriers.getIfAvailable()).flatMap(registry -> codeOf(registry, name)));
    }

    TrackingClient(AgentProperties.Tracking properties, JsonMapper json, Function<String, Optional<String>> carrierCodes) {
        this.properties = properties;
        this.json = json;
        this.carrierCodes = carrierCodes;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        int failures = properties.circuitBreaker().consecutiveFailures();
        this.breaker = CircuitBreaker.of("tracking", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failures)
                .minimumNumberOfCalls(failures)
                .failureRateThreshold(100)
                .waitDurationInOpenState(properties.circuitBreaker().openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * The timeline of the shipment with this guide, as the tool answers it: {@code trackingNumber},
     * {@code carrierName} (the snapshot's), {@code status}, {@code reason}, {@code updatedAt} and
     * {@code events} (oldest first: {@code status}, {@code description}, {@code reason}, {@code occurredAt}).
     */
    Map<String, Object> timeline(String trackingNumber, String carrierName, Deadline deadline) throws Unavailable {
        HttpResponse<String> response = get(trackingNumber, null, deadline);
        if (response.statusCode() == 409) {
            // Two carriers issued this guide number: name the buyer's.
            Optional<String> code = carrierName == null ? Optional.empty() : carrierCodes.apply(carrierName);
            if (code.isEmpty()) {
                throw new Unavailable("Varias transportadoras usan la guía " + trackingNumber + " y no sé cuál es la de este pedido.", null);
            }
            response = get(trackingNumber, code.get(), deadline);
        }
        return switch (response.statusCode()) {
            case 200 -> shape(json.readTree(response.body()), carrierName);
            case 404 -> throw new Unavailable("La transportadora todavía no reporta eventos de la guía " + trackingNumber
                    + ": responde con lo que devuelve buyer_orders.", null);
            case 429 -> throw new Unavailable("El historial no está disponible en este momento (demasiadas consultas): responde con lo que"
                    + " devuelve buyer_orders.", null);
            default -> throw new Unavailable("El historial de la guía no está disponible ahora (" + response.statusCode()
                    + "): responde con lo que devuelve buyer_orders.", null);
        };
    }

    private HttpResponse<String> get(String trackingNumber, String carrier, Deadline deadline) throws Unavailable {
        Duration left = deadline.remaining().minus(ANSWER_RESERVE);
        Duration timeout = left.compareTo(properties.timeout()) < 0 ? left : properties.timeout();
        if (timeout.compareTo(SHORTEST) < 0) {
            throw new Unavailable("No queda tiempo para consultar el historial: responde con lo que devuelve buyer_orders.", null);
        }
        String path = "/api/tracking/" + URLEncoder.encode(trackingNumber, StandardCharsets.UTF_8)
                + (carrier == null ? "" : "?carrier=" + URLEncoder.encode(carrier, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.baseUrl().replaceAll("/+$", "") + path))
                .timeout(timeout).header("Accept", "application/json").GET().build();
        try {
            return breaker.executeCheckedSupplier(() -> {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() >= 500) {
                    throw new ServerError(response.statusCode());
                }
                return response;
            });
        } catch (CallNotPermittedException open) {
            throw circuitOpen(open);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("La consulta del historial se interrumpió.", e);
        } catch (Throwable e) {
            String why = e instanceof ServerError ? e.getMessage() : e.getClass().getSimpleName();
            throw new Unavailable("El historial de la guía no está disponible ahora (" + why + "): responde con lo que devuelve buyer_orders.", e);
        }
    }

    /** Named fallback of the open circuit: no call is made, and the model answers from the orders snapshot. */
    private static Unavailable circuitOpen(CallNotPermittedException rejection) {
        return new Unavailable("El servicio de rastreo no responde por ahora: responde con lo que devuelve buyer_orders.", rejection);
    }

    private static Map<String, Object> shape(JsonNode view, String carrierName) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("trackingNumber", view.path("trackingNumber").asString(null));
        answer.put("carrierName", carrierName != null ? carrierName : view.path("carrier").asString(null));
        answer.put("status", view.path("status").asString(null));
        answer.put("reason", view.path("reason").asString(null));
        answer.put("updatedAt", view.path("updatedAt").asString(null));
        List<Map<String, Object>> events = new ArrayList<>();
        for (JsonNode event : view.path("events")) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", event.path("status").asString(null));
            entry.put("description", event.path("description").asString(null));
            entry.put("reason", event.path("reason").asString(null));
            entry.put("occurredAt", event.path("occurredAt").asString(null));
            events.add(entry);
        }
        answer.put("events", events);
        return answer;
    }

    /** The registry code of a carrier the snapshot names by its display name ("Inter Rapidísimo") or its code. */
    static Optional<String> codeOf(CarrierRegistry registry, String name) {
        String wanted = plain(name);
        return registry.carriers().entrySet().stream()
                .filter(entry -> plain(entry.getKey()).equals(wanted)
                        || (entry.getValue().displayName() != null && plain(entry.getValue().displayName()).equals(wanted)))
                .map(Map.Entry::getKey).findFirst();
    }

    private static String plain(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }
}
