package com.litper.api.order;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A Colombian mobile number in one of the forms {@link ColombianPhones} reads; null is left to {@code @NotBlank}. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ColombianMobile.Validator.class)
@interface ColombianMobile {

    String message() default "must be a Colombian mobile number: 10 digits starting with 3, optionally after +57 (e.g. +57 300 123 4567)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reads the number the way the order will store it. */
    class Validator implements ConstraintValidator<ColombianMobile, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || ColombianPhones.toE164(value).isPresent();
        }
    }
}
