package com.litper.sandbox.carrier;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the carrier sandbox behaves (docs/sandboxes.md). Secrets are never logged: {@link #toString}
 * leaves them out.
 *
 * @param apiKey the bearer token callers must send; blank: any bearer token is accepted
 * @param stepInterval time between two events of a shipment (creation, pickup, transit, …)
 * @param webhookUrl where events are posted, {@code {carrier}} replaced by the carrier's name, e.g.
 *     {@code http://127.0.0.1:8000/webhooks/carriers/{carrier}}; blank: no webhooks at all
 * @param servientrega Servientrega's webhook settings
 * @param coordinadora Coordinadora's webhook settings
 * @param interrapidisimo Interrapidísimo's webhook settings (no webhooks by default: Litper polls it)
 * @param envia Envía's webhook settings
 * @param tcc TCC's webhook settings
 */
@Validated
@ConfigurationProperties("sandbox.carriers")
public record CarrierSandboxProperties(
        String apiKey,
        @DefaultValue("5s") @NotNull Duration stepInterval,
        String webhookUrl,
        @DefaultValue Carrier servientrega,
        @DefaultValue Carrier coordinadora,
        @DefaultValue Carrier interrapidisimo,
        @DefaultValue Carrier envia,
        @DefaultValue Carrier tcc) {

    public CarrierSandboxProperties {
        if (stepInterval.toMillis() < 10) {
            throw new IllegalArgumentException("sandbox.carriers.step-interval must be at least 10ms, was " + stepInterval);
        }
    }

    /**
     * One carrier's webhooks.
     *
     * @param webhookSecret key of the {@code X-Litper-Signature} HMAC; blank: the carrier sends no webhooks
     * @param webhooks whether the carrier sends webhooks; unset: every carrier but Interrapidísimo does
     */
    public record Carrier(String webhookSecret, Boolean webhooks) {
        @Override
        public String toString() {
            return "Carrier[webhookSecret=" + (blank(webhookSecret) ? "<none>" : "<redacted>") + ", webhooks=" + webhooks + "]";
        }
    }

    Carrier of(CarrierProfile carrier) {
        return switch (carrier) {
            case SERVIENTREGA -> servientrega;
            case COORDINADORA -> coordinadora;
            case INTERRAPIDISIMO -> interrapidisimo;
            case ENVIA -> envia;
            case TCC -> tcc;
        };
    }

    /** Whether the carrier sends webhooks: switched on (or on by default), with a URL and a secret to sign with. */
    boolean sendsWebhooks(CarrierProfile carrier) {
        Carrier settings = of(carrier);
        boolean on = settings.webhooks() == null ? carrier.webhooksByDefault() : settings.webhooks();
        return on && !blank(webhookUrl) && !blank(settings.webhookSecret());
    }

    @Override
    public String toString() {
        return "CarrierSandboxProperties[apiKey=" + (blank(apiKey) ? "<any>" : "<redacted>") + ", stepInterval=" + stepInterval
                + ", webhookUrl=" + webhookUrl + ", servientrega=" + servientrega + ", coordinadora=" + coordinadora
                + ", interrapidisimo=" + interrapidisimo + ", envia=" + envia + ", tcc=" + tcc + "]";
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
