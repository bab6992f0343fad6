package com.litper.sandbox.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Delivers webhooks the way providers do: a POST per notification, re-delivered with a growing wait
 * after a non-2xx answer or a connection failure, a few times, then given up. Notifications with the
 * same ordering key (a shipment, a message) go out one after the other, each only once the previous
 * one is delivered or given up, so a receiver sees them in order.
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    /**
     * One notification.
     *
     * @param url where it goes
     * @param body the raw bytes sent, the bytes that were signed
     * @param headers the headers of one attempt, signature included; asked again for each attempt, so
     *     a timestamped signature is fresh on a re-delivery, as a provider signs each request it sends
     * @param what a short description for the log (never a secret)
     */
    public record Notification(URI url, byte[] body, Supplier<Map<String, String>> headers, String what) {
    }

    /** How a notification ended: delivered (with the receiver's status) or given up. */
    public record Outcome(boolean delivered, int attempts, String detail) {
        @Override
        public String toString() {
            return (delivered ? "delivered" : "given up") + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                    + " (" + detail + ")";
        }
    }

    private final HttpClient http;
    private final WebhookProperties properties;
    private final Map<String, CompletableFuture<Outcome>> tails = new ConcurrentHashMap<>();

    WebhookSender(WebhookProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Sends {@code notification} after every earlier one with the same {@code orderKey}, and after
     * {@code delay}. Never blocks.
     */
    public CompletableFuture<Outcome> send(String orderKey, Duration delay, Notification notification) {
        CompletableFuture<Outcome> next;
        synchronized (tails) {
            CompletableFuture<Outcome> previous = tails.getOrDefault(orderKey, CompletableFuture.completedFuture(null));
            next = previous.handle((outcome, error) -> null)
                    .thenCompose(ignored -> after(delay))
                    .thenCompose(ignored -> attempt(notification, 1));
            tails.put(orderKey, next);
        }
        CompletableFuture<Outcome> last = next;
        next.whenComplete((outcome, error) -> {
            if (error != null) {
                log.warn("Webhook {} to {} could not be sent", notification.what(), notification.url(), error);
            }
            synchronized (tails) {
                tails.remove(orderKey, last);
            }
        });
        return next;
    }

    private CompletableFuture<Outcome> attempt(Notification notification, int attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(notification.url())
                .timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(notification.body()));
        notification.headers().get().forEach(request::header);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        log.info("Webhook {} delivered to {}: HTTP {} (attempt {})", notification.what(), notification.url(),
                                response.statusCode(), attempt);
                        return CompletableFuture.completedFuture(new Outcome(true, attempt, "HTTP " + response.statusCode()));
                    }
                    String failure = error != null ? "connection failed: " + rootCause(error) : "HTTP " + response.statusCode();
                    if (attempt >= properties.attempts()) {
                        log.warn("Webhook {} to {} given up after {} attempts: {}", notification.what(), notification.url(), attempt,
                                failure);
                        return CompletableFuture.completedFuture(new Outcome(false, attempt, failure));
                    }
                    Duration backoff = properties.backoffAfter(attempt);
                    log.info("Webhook {} to {} failed ({}), attempt {} of {}; again in {}", notification.what(), notification.url(),
                            failure, attempt, properties.attempts(), backoff);
                    return after(backoff).thenCompose(ignored -> attempt(notification, attempt + 1));
                })
                .thenCompose(outcome -> outcome);
    }

    private static CompletableFuture<Void> after(Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
        return CompletableFuture.runAsync(() -> { }, later);
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
