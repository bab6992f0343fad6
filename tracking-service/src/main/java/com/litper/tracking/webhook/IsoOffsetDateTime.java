package com.litper.tracking.webhook;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Text that {@link OffsetDateTime#parse} reads, in the years 1 to 9999 (OffsetDateTime reads
 * +999999999-12-31, which PostgreSQL cannot store): carriers' clocks differ, so the offset is
 * required. Null and blank are left to {@code @NotBlank}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IsoOffsetDateTime.Validator.class)
@interface IsoOffsetDateTime {

    String message() default "must be an ISO-8601 date-time with an offset between the years 1 and 9999, e.g. 2026-11-25T14:03:00-05:00";

    /** Four-digit years: what ISO-8601 and carriers write, and well inside PostgreSQL's timestamptz. */
    Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Parses the text. */
    class Validator implements ConstraintValidator<IsoOffsetDateTime, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true;
            }
            try {
                Instant instant = OffsetDateTime.parse(value).toInstant();
                return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
