package com.litper.worker.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How {@code send_whatsapp} reaches buyers through the WhatsApp Business Cloud API (docs/whatsapp.md).
 * Every field binds from the environment too, e.g. {@code LITPER_WHATSAPP_ACCESSTOKEN}.
 *
 * @param enabled whether messages are sent; while off, each {@code send_whatsapp} task goes to the
 *     dead letters at once with that reason, to be replayed once sending is on (never silently dropped)
 * @param baseUrl root of the Graph API, or of a sandbox that speaks its wire format
 * @param apiVersion Graph API version in the path, e.g. {@code v21.0}
 * @param phoneNumberId id of the business phone number messages are sent from; required while enabled
 * @param accessToken bearer token of the business account; required while enabled, never logged
 * @param timeout longest wait for one send, from opening the connection to the whole answer
 * @param rateLimit the sender's global limit, shared by every worker replica through Redis
 * @param perRecipientInterval least time between two messages to one buyer (WhatsApp's pair rate limit, error 131056)
 * @param orderGrace how long past its expected return an earlier message to a buyer still holds that
 *     buyer's later messages back; after that it is presumed gone (dead-lettered or purged)
 * @param throttleBackoff wait before trying again after WhatsApp says the sender is over its throughput (130429, 429)
 */
@Validated
@ConfigurationProperties("litper.whatsapp")
public record WhatsappProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("https://graph.facebook.com") @NotNull URI baseUrl,
        @DefaultValue("v21.0") @NotBlank String apiVersion,
        String phoneNumberId,
        String accessToken,
        @DefaultValue("30s") @NotNull Duration timeout,
        @DefaultValue @NotNull @Valid RateLimit rateLimit,
        @DefaultValue("6s") @NotNull Duration perRecipientInterval,
        @DefaultValue("1m") @NotNull Duration orderGrace,
        @DefaultValue("30s") @NotNull Duration throttleBackoff) {

    public WhatsappProperties {
        if (enabled && (blank(phoneNumberId) || blank(accessToken))) {
            throw new IllegalArgumentException(
                    "litper.whatsapp.phone-number-id and litper.whatsapp.access-token are required while litper.whatsapp.enabled=true");
        }
        requirePositive("timeout", timeout);
        requirePositive("per-recipient-interval", perRecipientInterval);
        requirePositive("order-grace", orderGrace);
        requirePositive("throttle-backoff", throttleBackoff);
    }

    @Override
    public String toString() {
        // The token must never reach a log line, not even through a configuration dump.
        return "WhatsappProperties[enabled=" + enabled + ", baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + ", phoneNumberId="
                + phoneNumberId + ", accessToken=" + (blank(accessToken) ? "<none>" : "<redacted>") + ", timeout=" + timeout
                + ", rateLimit=" + rateLimit + ", perRecipientInterval=" + perRecipientInterval + ", orderGrace=" + orderGrace
                + ", throttleBackoff=" + throttleBackoff + "]";
    }

    /**
     * At most {@code messages} sends in any {@code window}, across all replicas (WhatsApp's default
     * for a business number: 500 per minute here, scaled down in tests).
     *
     * @param messages sends allowed in any window
     * @param window length of the sliding window
     * @param guard extra time each send occupies, covering a worker's late start and the request's trip,
     *     so the provider never counts more than {@code messages} in a window of its own clock
     */
    public record RateLimit(
            @DefaultValue("500") @Min(1) int messages,
            @DefaultValue("1m") @NotNull Duration window,
            @DefaultValue("1s") @NotNull Duration guard) {

        public RateLimit {
            requirePositive("rate-limit.window", window);
            if (guard.isNegative()) {
                throw new IllegalArgumentException("litper.whatsapp.rate-limit.guard must not be negative, was " + guard);
            }
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("litper.whatsapp." + name + " must be positive, was " + value);
        }
    }
}
