package com.litper.chat.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WhatsApp Cloud API webhook ({@code /webhooks/whatsapp}), docs/whatsapp-webhooks.md.
 *
 * @param verifyToken the token Meta sends back in the {@code hub.verify_token} of the verification handshake;
 *     blank: every handshake is refused (env {@code LITPER_WHATSAPP_VERIFYTOKEN})
 * @param appSecret the Meta app's secret, key of the {@code X-Hub-Signature-256} HMAC; blank: every delivery is
 *     refused with 503, so Meta keeps it until the secret is set (env {@code LITPER_WHATSAPP_APPSECRET})
 * @param retryAfter what {@code Retry-After} says when a delivery could not be taken now (Redis unreachable, no store
 *     for the phone number, no app secret)
 */
@Validated
@ConfigurationProperties("litper.chat.whatsapp")
public record WhatsappProperties(String verifyToken, String appSecret, @DefaultValue("10s") @NotNull Duration retryAfter) {

    public WhatsappProperties {
        verifyToken = verifyToken == null || verifyToken.isBlank() ? null : verifyToken;
        appSecret = appSecret == null || appSecret.isBlank() ? null : appSecret;
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("litper.chat.whatsapp.retry-after must be positive, was " + retryAfter);
        }
    }

    /** Never prints the secrets: configuration and records end up in logs. */
    @Override
    public String toString() {
        return "WhatsappProperties[verifyToken=" + (verifyToken == null ? "none" : "****") + ", appSecret="
                + (appSecret == null ? "none" : "****") + ", retryAfter=" + retryAfter + "]";
    }
}
