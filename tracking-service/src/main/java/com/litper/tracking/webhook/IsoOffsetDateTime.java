package com.litper.tracking.webhook;

import com.litper.common.web.StorableTime;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
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

    String message() default "must be an ISO-8601 date-time with an offset, e.g. 2026-11-25T14:03:00-05:00";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Parses the text and checks its year. */
    class Validator implements ConstraintValidator<IsoOffsetDateTime, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.isBlank()) {
                return true;
            }
            try {
                if (StorableTime.contains(OffsetDateTime.parse(value).toInstant())) {
                    return true;
                }
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must be in the years 1 to 9999").addConstraintViolation();
                return false;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    }
}
