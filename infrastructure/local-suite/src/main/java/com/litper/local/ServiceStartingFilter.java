package com.litper.local;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Wraps one service's route: while nothing listens on the service's port (it is starting or
 * restarting), a request gets a short 503 problem+json with {@code Retry-After} instead of the
 * proxy's connection error, which Spring MVC would otherwise log with its stack trace once per
 * request. The outage is logged once when it starts and once when the service answers again, so
 * a client that retries (the sandbox's webhooks) does not flood the log. A request the service took
 * and then dropped (it was killed or crashed while answering) gets a 502 problem+json and one log
 * line, not a stack trace.
 */
final class ServiceStartingFilter implements HandlerFilterFunction<ServerResponse, ServerResponse> {

    /** Seconds a client is asked to wait: a service usually takes a few seconds to start. */
    static final int RETRY_AFTER_SECONDS = 2;

    private static final Logger log = LoggerFactory.getLogger(ServiceStartingFilter.class);

    private final String service;
    private final int port;
    /** Requests refused in the current outage; 0 while the service answers. */
    private final AtomicLong refused = new AtomicLong();

    ServiceStartingFilter(String service, int port) {
        this.service = service;
        this.port = port;
    }

    @Override
    public ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next) throws Exception {
        ServerResponse response;
        try {
            response = next.handle(request);
        } catch (Exception e) {
            if (!isConnectionRefused(e)) {
                if (isConnectionLost(e)) {
                    // The service took the request and its connection broke (killed, crashed): one line, a 502.
                    log.warn("{} closed the connection before answering {} {} (stopped or crashed?): 502", service,
                            request.method(), request.requestPath().value());
                    return connectionLost(request);
                }
                throw e;
            }
            if (refused.getAndIncrement() == 0) {
                log.warn("{} does not answer on port {} (starting or restarting?): requests for it get 503 until it does",
                        service, port);
            }
            return notAnswering(request);
        }
        long refusedInOutage = refused.getAndSet(0);
        if (refusedInOutage > 0) {
            log.info("{} answers again on port {} ({} requests got 503 meanwhile)", service, port, refusedInOutage);
        }
        return response;
    }

    private ServerResponse notAnswering(ServerRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                service + " is starting and does not answer yet; retry in " + RETRY_AFTER_SECONDS + " s.");
        // Written out, though RFC 9457 lets it be left out, so clients need not know that default.
        problem.setType(URI.create("about:blank"));
        problem.setProperty("service", service);
        problem.setInstance(URI.create(request.requestPath().value()));
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
                .body(problem);
    }

    private ServerResponse connectionLost(ServerRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, service
                + " closed the connection before answering (it stopped or crashed); the request may or may not have been"
                + " carried out: retry it with the same Idempotency-Key.");
        problem.setType(URI.create("about:blank"));
        problem.setProperty("service", service);
        problem.setInstance(URI.create(request.requestPath().value()));
        return ServerResponse.status(HttpStatus.BAD_GATEWAY).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** The connection broke after the request was sent (an I/O failure other than a refused connect). */
    static boolean isConnectionLost(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The proxy wraps the client's {@link ConnectException} (in a {@code ResourceAccessException}
     * or an {@code UncheckedIOException}, depending on the client): only that means nobody listens.
     * Any other failure (a service that accepted the request and then broke) keeps Spring's handling.
     */
    static boolean isConnectionRefused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
