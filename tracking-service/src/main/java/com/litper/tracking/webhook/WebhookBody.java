package com.litper.tracking.webhook;

import com.litper.common.web.Problems;
import com.litper.tracking.config.CarrierProperties;
import com.litper.tracking.status.CarrierEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a carrier webhook body into a {@link CarrierEvent}, or answers 400 naming every field that
 * is wrong. Fields the format does not define are ignored: carriers add their own.
 */
final class WebhookBody {

    private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7E]{1,128}");
    private static final Pattern TRACKING_NUMBER = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final int MAX_TEXT = 500;

    private WebhookBody() {
    }

    static CarrierEvent parse(JsonMapper json, byte[] body, String carrierName, CarrierProperties.Carrier carrier) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw Problems.invalidBody("Malformed JSON: " + Problems.firstLine(e.getOriginalMessage()), List.of());
        }
        if (root == null || !root.isObject()) {
            throw Problems.invalidBody("The body must be a JSON object with eventId, trackingNumber, status and occurredAt.", List.of());
        }
        List<Map<String, String>> errors = new ArrayList<>();
        String eventId = text(root, "eventId", true, errors);
        if (eventId != null && !EVENT_ID.matcher(eventId).matches()) {
            errors.add(error("eventId", "must be 1 to 128 visible ASCII characters"));
        }
        String trackingNumber = text(root, "trackingNumber", true, errors);
        if (trackingNumber != null && !TRACKING_NUMBER.matcher(trackingNumber).matches()) {
            errors.add(error("trackingNumber", "must be 1 to 64 letters, digits or hyphens"));
        }
        String status = text(root, "status", true, errors);
        if (status != null && carrier.statusOf(status).isEmpty()) {
            errors.add(error("status", "'" + status + "' is not a status code of " + carrierName + "; known codes: "
                    + carrier.statuses().keySet().stream().sorted().toList()));
        }
        String occurredAtText = text(root, "occurredAt", true, errors);
        Instant occurredAt = null;
        if (occurredAtText != null) {
            try {
                occurredAt = OffsetDateTime.parse(occurredAtText).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(error("occurredAt", "must be an ISO-8601 date-time with an offset, e.g. 2026-11-25T14:03:00-05:00"));
            }
        }
        String description = text(root, "description", false, errors);
        String reason = text(root, "reason", false, errors);
        if (!errors.isEmpty()) {
            StringBuilder detail = new StringBuilder("The event has ").append(errors.size())
                    .append(errors.size() == 1 ? " invalid field: " : " invalid fields: ");
            for (int i = 0; i < errors.size(); i++) {
                detail.append(i > 0 ? "; " : "").append(errors.get(i).get("field")).append(' ').append(errors.get(i).get("message"));
            }
            throw Problems.invalidBody(detail.append('.').toString(), errors);
        }
        return new CarrierEvent(CarrierProperties.normalise(carrierName), eventId, trackingNumber, CarrierProperties.normalise(status),
                occurredAt, description, reason);
    }

    private static String text(JsonNode root, String field, boolean required, List<Map<String, String>> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(error(field, "is required"));
            }
            return null;
        }
        if (!node.isString()) {
            errors.add(error(field, "must be a string"));
            return null;
        }
        String value = node.asString();
        if (required && value.isBlank()) {
            errors.add(error(field, "must not be blank"));
            return null;
        }
        if (value.length() > MAX_TEXT) {
            errors.add(error(field, "must be at most " + MAX_TEXT + " characters"));
            return null;
        }
        return value.isBlank() ? null : value.strip();
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
