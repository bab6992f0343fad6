package com.litper.worker.config;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How worker-service calls third parties (carriers, the WhatsApp Cloud API): Spring HTTP interface
 * clients ({@code @HttpExchange}) on a {@link RestClient} over the JDK HttpClient, and what a failed
 * call was, in the words the handlers' decisions and dead letters use. Retries and circuits are the
 * callers'; nothing here repeats a request.
 */
public final class OutboundHttp {

    private OutboundHttp() {
    }

    /**
     * A client for {@code service}, an {@code @HttpExchange} interface, on {@code baseUrl}. The
     * {@code timeout} bounds connecting and the whole exchange, body included: past it the JDK
     * request is cancelled and the body closed ({@link JdkClientHttpRequestFactory#setReadTimeout}).
     * Every answer other than 2xx, redirects included (none is followed), is thrown as a
     * {@link RestClientResponseException} carrying the status and the body.
     *
     * @param headers headers sent with every request, e.g. the bearer token
     */
    public static <S> S client(Class<S> service, String baseUrl, Duration timeout, JsonMapper json, Consumer<HttpHeaders> headers) {
        return client(RestClient.builder(), service, baseUrl, timeout, json, headers);
    }

    /**
     * {@link #client(Class, String, Duration, JsonMapper, Consumer)} on a copy of {@code builder}:
     * Spring Boot's {@link RestClient.Builder} bean, which carries the observation registry, so every
     * call is a client span of the current trace and sends its {@code traceparent} (docs/operations.md,
     * "Tracing").
     */
    public static <S> S client(RestClient.Builder builder, Class<S> service, String baseUrl, Duration timeout, JsonMapper json,
            Consumer<HttpHeaders> headers) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(timeout);
        // On by default in Spring 7; off keeps the requests as they were (no Accept-Encoding: gzip).
        requests.enableCompression(false);
        // Answers are JSON by contract whatever Content-Type they declare: one that is not JSON is an
        // unreadable answer (a failed call), not a missing converter.
        JacksonJsonHttpMessageConverter jsonConverter = new JacksonJsonHttpMessageConverter(json);
        jsonConverter.setSupportedMediaTypes(List.of(MediaType.APPLICATION_JSON, new MediaType("application", "*+json"), MediaType.ALL));
        RestClient rest = builder.clone()
                .requestFactory(requests)
                // Small bodies, sent whole with their Content-Length: streamed, the JDK client sends them
                // chunked, and a chunked body in the HTTP/2 upgrade request to a plain-http endpoint (the
                // local sandbox, WireMock) arrived empty.
                .bufferContent((uri, method) -> true)
                .baseUrl(baseUrl)
                .defaultHeaders(headers)
                .configureMessageConverters(converters -> converters.registerDefaults()
                        // Bodies without a declared charset are UTF-8, as the JDK's BodyHandlers.ofString reads them.
                        .withStringConverter(new StringHttpMessageConverter(StandardCharsets.UTF_8))
                        .withJsonConverter(jsonConverter))
                .defaultStatusHandler(status -> !status.is2xxSuccessful(), (request, response) -> {
                    Charset charset = Optional.ofNullable(response.getHeaders().getContentType()).map(MediaType::getCharset).orElse(null);
                    throw new RestClientResponseException("HTTP " + response.getStatusCode().value(), response.getStatusCode(),
                            response.getStatusText(), response.getHeaders(), response.getBody().readAllBytes(), charset);
                })
                .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(rest)).build().createClient(service);
    }

    /**
     * The interruption behind a failed call, when the calling thread was interrupted (the task's own
     * timeout or a shutdown); the JDK request has then been cancelled. Clears the interrupt status,
     * which the returned exception now carries.
     */
    public static Optional<InterruptedException> interruption(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException interrupted) {
                Thread.interrupted();
                return Optional.of(interrupted);
            }
        }
        if (Thread.interrupted()) {
            InterruptedException interrupted = new InterruptedException("interrupted while calling: " + failure);
            interrupted.initCause(failure);
            return Optional.of(interrupted);
        }
        return Optional.empty();
    }

    /** The JSON error behind a failed call, when the answer came but could not be read. */
    public static Optional<JacksonException> unreadable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException unreadable) {
                return Optional.of(unreadable);
            }
        }
        return Optional.empty();
    }

    /** What went wrong on the way, for a call that got no usable answer: a timeout, a network error, or else the failure itself. */
    public static String describe(Throwable failure, Duration timeout) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException) {
                return "no answer within " + timeout + " (timed out)";
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return "network error: " + cause;
            }
        }
        return "call failed: " + failure;
    }
}
