package com.litper.tracking.config;

import com.litper.common.carrier.CarrierRegistry;
import com.litper.tracking.status.ShipmentStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The carriers as tracking-service uses them: the carrier registry ({@code litper.carriers.*}, shared
 * by every service) joined with each carrier's status codes ({@link StatusCodeProperties}). Checked
 * at start-up, so a carrier whose events could never be applied stops the service instead of
 * answering every webhook with 400: status codes must belong to a registry carrier, and a carrier
 * that sends webhooks or is polled must have them.
 */
@Component
public class TrackedCarriers {

    private final Map<String, Carrier> carriers;

    TrackedCarriers(CarrierRegistry registry, StatusCodeProperties statusCodes) {
        List<String> problems = new ArrayList<>();
        statusCodes.carriers().keySet().stream().filter(code -> registry.carrier(code).isEmpty()).sorted().forEach(code ->
                problems.add("litper.tracking.carriers." + code + ".statuses names no carrier of the registry " + registry.codes()
                        + "; define it under litper.carriers." + code));
        Map<String, Carrier> joined = new LinkedHashMap<>();
        registry.carriers().forEach((code, carrier) -> {
            StatusCodeProperties.StatusCodes codes = statusCodes.carriers().get(code);
            Map<String, ShipmentStatus> statuses = codes == null ? Map.of() : codes.statuses();
            if (statuses.isEmpty() && (carrier.acceptsWebhooks() || carrier.polling())) {
                problems.add("litper.tracking.carriers." + code + ".statuses is empty, but " + code
                        + (carrier.acceptsWebhooks() ? " sends webhooks" : " is polled") + ": every event of it would be refused");
            }
            joined.put(code, new Carrier(code, carrier.displayName(), carrier.webhookSecret(), carrier.polling(), statuses));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Carrier configuration: " + String.join("; ", problems));
        }
        this.carriers = Map.copyOf(joined);
    }

    /** The carrier with this code (any case), if the registry has it. */
    public Optional<Carrier> carrier(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(carriers.get(normalise(code)));
    }

    /** Every carrier's code. */
    public Set<String> codes() {
        return new TreeSet<>(carriers.keySet());
    }

    /** Codes of the carriers Litper polls, in alphabetical order. */
    public List<String> polled() {
        return carriers.values().stream().filter(Carrier::polling).map(Carrier::code).sorted().toList();
    }

    /** Carrier codes and status codes compare in lower case, without surrounding blanks. */
    public static String normalise(String code) {
        return CarrierRegistry.normalise(code);
    }

    /**
     * One carrier, as tracking-service needs it.
     *
     * @param code the carrier's code in the registry
     * @param displayName the name buyers read in messages
     * @param webhookSecret shared secret of its webhook signatures; null when it sends none
     * @param polling whether Litper polls it for updates
     * @param statuses its own status codes (lower case) to Litper's status model
     */
    public record Carrier(String code, String displayName, String webhookSecret, boolean polling, Map<String, ShipmentStatus> statuses) {

        /** Litper's status for the carrier's code (any case), if the code is known. */
        public Optional<ShipmentStatus> statusOf(String carrierCode) {
            return carrierCode == null ? Optional.empty() : Optional.ofNullable(statuses.get(normalise(carrierCode)));
        }

        /** Whether the carrier may call the webhook: only with a secret can its signatures be checked. */
        public boolean acceptsWebhooks() {
            return webhookSecret != null;
        }

        /** Never prints the secret: configuration and records end up in logs. */
        @Override
        public String toString() {
            return "Carrier[code=" + code + ", displayName=" + displayName + ", webhookSecret=" + (webhookSecret == null ? "none" : "****")
                    + ", statuses=" + statuses + ", polling=" + polling + "]";
        }
    }
}
