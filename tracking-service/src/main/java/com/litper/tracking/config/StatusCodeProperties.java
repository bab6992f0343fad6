package com.litper.tracking.config;

import com.litper.tracking.status.ShipmentStatus;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Each carrier's own status codes and what they mean in Litper's status model: the part of a carrier
 * that differs from the others, kept here because tracking-service alone reads carrier statuses.
 * The carriers themselves are the registry's ({@code litper.carriers.*}); the defaults for the five
 * national carriers are in application.yml (docs/carriers.md).
 *
 * @param carriers carrier code (as in the registry) to its status codes
 */
@Validated
@ConfigurationProperties("litper.tracking")
public record StatusCodeProperties(Map<String, @Valid StatusCodes> carriers) {

    public StatusCodeProperties {
        Map<String, StatusCodes> normalised = new LinkedHashMap<>();
        if (carriers != null) {
            carriers.forEach((code, table) -> normalised.put(TrackedCarriers.normalise(code), table == null ? new StatusCodes(null) : table));
        }
        carriers = Map.copyOf(normalised);
    }

    /**
     * One carrier's vocabulary.
     *
     * @param statuses the carrier's own status codes (any case) to Litper's status; a code not listed is refused
     */
    public record StatusCodes(Map<String, ShipmentStatus> statuses) {

        public StatusCodes {
            Map<String, ShipmentStatus> normalised = new LinkedHashMap<>();
            if (statuses != null) {
                statuses.forEach((code, status) -> normalised.put(TrackedCarriers.normalise(code), status));
            }
            statuses = Map.copyOf(normalised);
        }
    }
}
