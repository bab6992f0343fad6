package com.litper.common.task;

import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.web.Problems;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of task payloads: JSON of the contract record, read tolerantly (unknown fields are
 * ignored, so a task written by the next release still runs on this one during a rolling upgrade)
 * and checked with Bean Validation on both sides. Messages name the fields at fault, never their
 * values: payloads hold buyers' phones and addresses.
 */
public final class PayloadCodec {

    private final JsonMapper json;
    private final Validator validator;

    public PayloadCodec(Validator validator) {
        this(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build(), validator);
    }

    /** A codec with Hibernate Validator's default configuration, for plain-Java use and tests. */
    public static PayloadCodec standard() {
        return new PayloadCodec(jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator());
    }

    PayloadCodec(JsonMapper json, Validator validator) {
        this.json = Objects.requireNonNull(json, "json");
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /** The payload as JSON; an invalid payload is a bug of its producer and fails with {@link IllegalArgumentException}. */
    public String encode(Contract contract, TaskPayload payload) {
        String problems = violations(payload);
        if (problems != null) {
            throw new IllegalArgumentException(describe(contract, payload) + " is invalid: " + problems);
        }
        return json.writeValueAsString(payload);
    }

    /**
     * The payload read from JSON. A payload that cannot be read or breaks its constraints will not
     * get better on a later attempt, so it is an {@link InvalidPayloadException}, which the queue
     * dead-letters at once.
     */
    public <T extends TaskPayload> T decode(Contract contract, Class<T> type, String text) {
        T payload;
        try {
            payload = json.readValue(text, type);
        } catch (JacksonException e) {
            String field = path(e);
            throw new InvalidPayloadException(contract.name() + " payload is invalid" + (field.isEmpty() ? "" : " at '" + field + "'")
                    + ": " + Problems.firstLine(e.getOriginalMessage()));
        }
        if (payload == null) {
            throw new InvalidPayloadException(contract.name() + " payload is empty");
        }
        String problems = violations(payload);
        if (problems != null) {
            throw new InvalidPayloadException(describe(contract, payload) + " is invalid: " + problems);
        }
        return payload;
    }

    /** The mapper behind the codec, for tests that pin the wire format. */
    public JsonMapper mapper() {
        return json;
    }

    /** {@code "buyer.phone must match …, items must not be empty"}, sorted by field; null when valid. */
    private String violations(Object payload) {
        Set<ConstraintViolation<Object>> violations = validator.validate(payload);
        if (violations.isEmpty()) {
            return null;
        }
        return violations.stream()
                .map(v -> v.getPropertyPath() + " " + v.getMessage())
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.joining(", "));
    }

    /** The task type, with the payload's de-duplication key when it has one (it names the order, never the buyer). */
    private static String describe(Contract contract, TaskPayload payload) {
        String key;
        try {
            key = payload.dedupKey();
        } catch (RuntimeException e) {
            key = null;
        }
        return contract.name() + " payload" + (key == null ? "" : " (" + key + ")");
    }

    /** {@code event.occurredAt}, {@code items[0]}: where in the payload Jackson stopped. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** A payload that can never be handled: it goes to the dead letters at once, with this message. */
    public static final class InvalidPayloadException extends PermanentTaskFailure {

        public InvalidPayloadException(String message) {
            super(message);
        }
    }
}
