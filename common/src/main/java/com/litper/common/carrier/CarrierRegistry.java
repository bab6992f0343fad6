package com.litper.common.carrier;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The carriers Litper works with, defined once for every service under {@code litper.carriers.<code>.*}:
 * api-service accepts their codes, worker-service books with and polls their APIs, tracking-service
 * checks their webhooks and schedules polls. The five national carriers have defaults in
 * {@code litper-carriers.yml} (this module); a carrier is added with configuration only, for example
 * the environment variables {@code LITPER_CARRIERS_DEPRISA_BASEURL} and {@code LITPER_CARRIERS_DEPRISA_APIKEY}
 * (docs/carriers.md, "Adding a carrier").
 *
 * @param carriers each carrier by its code: lower-case letters and digits, the name in
 *     {@code /webhooks/carriers/{code}}, in task payloads and in environment variables
 */
@Validated
@ConfigurationProperties("litper")
public record CarrierRegistry(Map<String, @Valid Carrier> carriers) {

    // Codes become URL path segments and environment variable names (LITPER_CARRIERS_<CODE>_APIKEY),
    // which cannot carry dashes or dots.
    private static final Pattern CODE = Pattern.compile("[a-z0-9]+");

    public CarrierRegistry {
        SortedMap<String, Carrier> checked = new TreeMap<>();
        if (carriers != null) {
            carriers.forEach((key, carrier) -> {
                String code = normalise(key);
                if (!CODE.matcher(code).matches()) {
                    throw new IllegalArgumentException("litper.carriers." + key + ": a carrier code is lower-case letters and digits only");
                }
                Carrier settings = carrier == null ? Carrier.defaults() : carrier;
                if (settings.enabled() && settings.baseUrl() == null) {
                    throw new IllegalArgumentException("litper.carriers." + code + ".base-url is required while the carrier is enabled");
                }
                if (settings.baseUrl() != null && !isHttpUrl(settings.baseUrl())) {
                    throw new IllegalArgumentException("litper.carriers." + code + ".base-url must be an absolute http or https URL, was "
                            + settings.baseUrl());
                }
                checked.put(code, settings.withDefaultDisplayName(code));
            });
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("litper.carriers defines no carrier; litper-common's litper-carriers.yml holds the defaults");
        }
        carriers = Collections.unmodifiableSortedMap(checked);
    }

    /** The carrier with this code (any case, surrounding blanks ignored), if the registry has it. */
    public Optional<Carrier> carrier(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(carriers.get(normalise(code)));
    }

    /** Every carrier's code, in alphabetical order. */
    public Set<String> codes() {
        return carriers.keySet();
    }

    /** How buyers read the carrier's name; the code itself for a carrier the registry does not have. */
    public String displayName(String code) {
        return carrier(code).map(Carrier::displayName).orElse(code);
    }

    /** Carrier codes compare in lower case, without surrounding blanks. */
    public static String normalise(String code) {
        return code.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isHttpUrl(URI url) {
        return url.isAbsolute() && url.getHost() != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()));
    }

    /**
     * One carrier. Credentials are never written in a file: they come from the environment, which
     * Kubernetes fills from a Secret ({@code LITPER_CARRIERS_<CODE>_APIKEY}, {@code LITPER_CARRIERS_<CODE>_WEBHOOKSECRET}).
     *
     * @param displayName the name buyers read in messages, e.g. {@code Inter Rapidísimo}; defaults to the code capitalised
     * @param baseUrl root of the carrier's booking and tracking API (docs/carriers-api.md), or of an adapter speaking
     *     that wire format; required while the carrier is enabled
     * @param apiKey bearer token Litper presents to the carrier's API; from {@code LITPER_CARRIERS_<CODE>_APIKEY}, never logged
     * @param webhookSecret shared secret of the carrier's webhook signatures; blank: the carrier sends no webhooks.
     *     From {@code LITPER_CARRIERS_<CODE>_WEBHOOKSECRET}, never logged
     * @param enabled whether new orders may be booked with the carrier; shipments already booked are still tracked
     * @param polling whether tracking-service polls the carrier for its shipments' events ({@code update_tracking}),
     *     for carriers whose webhooks are missing or unreliable
     */
    public record Carrier(
            String displayName,
            URI baseUrl,
            String apiKey,
            String webhookSecret,
            @DefaultValue("true") boolean enabled,
            @DefaultValue("false") boolean polling) {

        public Carrier {
            displayName = blank(displayName) ? null : displayName.strip();
            apiKey = blank(apiKey) ? null : apiKey;
            webhookSecret = blank(webhookSecret) ? null : webhookSecret;
        }

        /** Whether the carrier may call Litper's webhook: only with a secret can its signatures be checked. */
        public boolean acceptsWebhooks() {
            return webhookSecret != null;
        }

        private static Carrier defaults() {
            return new Carrier(null, null, null, null, true, false);
        }

        private Carrier withDefaultDisplayName(String code) {
            return displayName != null ? this
                    : new Carrier(Character.toUpperCase(code.charAt(0)) + code.substring(1), baseUrl, apiKey, webhookSecret, enabled, polling);
        }

        /** Never prints a credential: configuration and records end up in logs. */
        @Override
        public String toString() {
            return "Carrier[displayName=" + displayName + ", baseUrl=" + baseUrl + ", apiKey=" + redacted(apiKey)
                    + ", webhookSecret=" + redacted(webhookSecret) + ", enabled=" + enabled + ", polling=" + polling + "]";
        }

        private static String redacted(String secret) {
            return secret == null ? "<none>" : "<redacted>";
        }

        private static boolean blank(String text) {
            return text == null || text.isBlank();
        }
    }
}
