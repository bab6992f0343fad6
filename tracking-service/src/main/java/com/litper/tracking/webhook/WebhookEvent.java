package com.litper.tracking.webhook;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A carrier webhook body as it comes on the wire (docs/carriers.md), validated. Values are read
 * without surrounding whitespace; blank optional texts count as absent. Fields the format does not
 * define are ignored: carriers add their own. Whether {@code status} is a code of this carrier is
 * checked against its configuration by {@link WebhookBody}.
 *
 * @param eventId the carrier's id of the event
 * @param trackingNumber the guide number
 * @param status the carrier's status code
 * @param occurredAt when it happened, ISO-8601 with an offset
 * @param description the carrier's words for the buyer
 * @param reason why the delivery is held up (for a novedad)
 * @param cashCollected on a delivery of a cash-on-delivery shipment, what the carrier collected, in whole pesos
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record WebhookEvent(
        // The patterns allow the empty string so that a blank value gets only the @NotBlank message.
        @NotBlank(message = REQUIRED) @Pattern(regexp = "[\\x21-\\x7E]{0,128}", message = "must be 1 to 128 visible ASCII characters")
        String eventId,
        @NotBlank(message = REQUIRED) @Pattern(regexp = "[A-Za-z0-9-]{0,64}", message = "must be 1 to 64 letters, digits or hyphens")
        String trackingNumber,
        @NotBlank(message = REQUIRED) @Size(max = MAX_TEXT, message = TOO_LONG) String status,
        @NotBlank(message = REQUIRED) @IsoOffsetDateTime String occurredAt,
        @Size(max = MAX_TEXT, message = TOO_LONG) String description,
        @Size(max = MAX_TEXT, message = TOO_LONG) String reason,
        @PositiveOrZero(message = "must not be negative") Long cashCollected) {

    static final int MAX_TEXT = 500;
    static final String REQUIRED = "is required and must not be blank";
    static final String TOO_LONG = "must be at most " + MAX_TEXT + " characters";

    WebhookEvent {
        eventId = strip(eventId);
        trackingNumber = strip(trackingNumber);
        status = strip(status);
        occurredAt = strip(occurredAt);
        description = orNull(strip(description));
        reason = orNull(strip(reason));
    }

    /** {@link #occurredAt} as an instant; only for a valid event. */
    Instant occurredAtInstant() {
        return OffsetDateTime.parse(occurredAt).toInstant();
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    private static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
