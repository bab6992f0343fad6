package com.litper.tracking.webhook;

import com.litper.common.web.Problems;
import com.litper.common.web.StorableText;
import com.litper.tracking.config.TrackedCarriers;
import com.litper.tracking.status.CarrierEvent;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a carrier webhook body into a {@link CarrierEvent}, or answers 400 naming every field that
 * is wrong. The body is taken as raw bytes (the signature covers them), so it is read here rather
 * than by Spring MVC: a field of the wrong JSON type is reported here, the rules of
 * {@link WebhookEvent} by Bean Validation, and an unknown status code against the carrier's
 * configuration. All of them are listed in one answer.
 */
final class WebhookBody {

    /** The wire fields, in the order errors are listed. */
    private static final List<String> FIELDS = Arrays.stream(WebhookEvent.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName).toList();

    /** The one number among the fields; every other is text. */
    private static final String CASH_COLLECTED = "cashCollected";

    private WebhookBody() {
    }

    static CarrierEvent parse(JsonMapper json, Validator validator, byte[] body, String carrierName, TrackedCarriers.Carrier carrier) {
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
        // Jackson would turn a number into a string: a carrier sending the wrong type should hear about it.
        ObjectNode fields = ((ObjectNode) root).deepCopy();
        Set<String> wrongType = new HashSet<>();
        for (String field : FIELDS) {
            JsonNode value = fields.get(field);
            if (CASH_COLLECTED.equals(field)) {
                if (value != null && !value.isNull() && !(value.isIntegralNumber() && value.canConvertToLong())) {
                    errors.add(error(field, "must be a whole number of pesos"));
                    wrongType.add(field);
                    fields.remove(field);
                }
            } else if (value != null && !value.isNull() && !value.isString()) {
                errors.add(error(field, "must be a string"));
                wrongType.add(field);
                fields.remove(field);
            } else if (value != null && value.isString() && !StorableText.isStorable(value.asString())) {
                errors.add(error(field, StorableText.PROBLEM));
                wrongType.add(field);
                fields.remove(field);
            }
        }
        WebhookEvent event = json.treeToValue(fields, WebhookEvent.class);
        validator.validate(event).stream()
                .filter(violation -> !wrongType.contains(field(violation)))
                .map(violation -> error(field(violation), violation.getMessage()))
                .forEach(errors::add);
        boolean statusReadable = errors.stream().noneMatch(e -> "status".equals(e.get("field")));
        if (statusReadable && carrier.statusOf(event.status()).isEmpty()) {
            errors.add(error("status", "'" + event.status() + "' is not a status code of " + carrierName + "; known codes: "
                    + carrier.statuses().keySet().stream().sorted().toList()));
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(e -> FIELDS.indexOf(e.get("field"))));
            StringBuilder detail = new StringBuilder("The event has ").append(errors.size())
                    .append(errors.size() == 1 ? " invalid field: " : " invalid fields: ");
            for (int i = 0; i < errors.size(); i++) {
                detail.append(i > 0 ? "; " : "").append(errors.get(i).get("field")).append(' ').append(errors.get(i).get("message"));
            }
            throw Problems.invalidBody(detail.append('.').toString(), errors);
        }
        return new CarrierEvent(TrackedCarriers.normalise(carrierName), event.eventId(), event.trackingNumber(),
                TrackedCarriers.normalise(event.status()), event.occurredAtInstant(), event.description(), event.reason(),
                event.cashCollected());
    }

    private static String field(ConstraintViolation<?> violation) {
        return violation.getPropertyPath().toString();
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
