package com.litper.tracking.config;

import com.litper.tracking.status.ShipmentStatus;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The carriers Litper ships with, as tracking-service knows them. Defaults for servientrega,
 * coordinadora, interrapidisimo, envia and tcc are in application.yml (docs/carriers.md).
 *
 * @param carriers carrier name (lower case, as in {@code /webhooks/carriers/{carrier}}) to its settings
 */
@Validated
@ConfigurationProperties("litper.tracking")
public record CarrierProperties(Map<String, @Valid Carrier> carriers) {

    public CarrierProperties {
        Map<String, Carrier> normalised = new LinkedHashMap<>();
        if (carriers != null) {
            carriers.forEach((name, carrier) -> normalised.put(normalise(name), carrier));
        }
        carriers = Map.copyOf(normalised);
    }

    /** The carrier called {@code name} (any case), if Litper knows it. */
    public Optional<Carrier> carrier(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(carriers.get(normalise(name)));
    }

    /** Carrier names and status codes compare in lower case, without surrounding blanks. */
    public static String normalise(String code) {
        return code.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * One carrier.
     *
     * @param displayName the name buyers read in messages, e.g. {@code Coordinadora}; defaults to the capitalised key
     * @param webhookSecret shared secret of the carrier's webhook signatures; blank: the carrier sends no webhooks
     *     (env {@code LITPER_CARRIERS_<NAME>_WEBHOOKSECRET})
     * @param statuses the carrier's own status codes (lower case) to Litper's status model
     * @param polling whether Litper polls the carrier for updates ({@code update_tracking} tasks)
     */
    public record Carrier(String displayName, String webhookSecret, Map<String, ShipmentStatus> statuses, boolean polling) {

        public Carrier {
            Map<String, ShipmentStatus> normalised = new LinkedHashMap<>();
            if (statuses != null) {
                statuses.forEach((code, status) -> normalised.put(normalise(code), status));
            }
            statuses = Map.copyOf(normalised);
            webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret;
        }

        /** Litper's status for the carrier's code (any case), if the code is known. */
        public Optional<ShipmentStatus> statusOf(String carrierCode) {
            return carrierCode == null ? Optional.empty() : Optional.ofNullable(statuses.get(normalise(carrierCode)));
        }

        /** Whether the carrier may call the webhook: only with a secret can its signatures be checked. */
        public boolean acceptsWebhooks() {
            return webhookSecret != null;
        }

        /** The name for buyers, falling back to {@code key} capitalised. */
        public String displayName(String key) {
            if (displayName != null && !displayName.isBlank()) {
                return displayName;
            }
            return key.isEmpty() ? key : Character.toUpperCase(key.charAt(0)) + key.substring(1);
        }

        /** Never prints the secret: configuration and records end up in logs. */
        @Override
        public String toString() {
            return "Carrier[displayName=" + displayName + ", webhookSecret=" + (webhookSecret == null ? "none" : "****")
                    + ", statuses=" + statuses + ", polling=" + polling + "]";
        }
    }
}
