package com.litper.api.order;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/**
 * An amount in whole Colombian pesos. 90000.0 is whole too, which {@code @Digits(fraction = 0)}
 * would refuse; a real fraction is refused rather than rounded, since the store meant some exact
 * amount. Null is left to {@code @NotNull}.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = WholePesos.Validator.class)
@interface WholePesos {

    String message() default "must be a whole number of pesos, was ${validatedValue}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Whole once trailing zeros are dropped. */
    class Validator implements ConstraintValidator<WholePesos, BigDecimal> {
        @Override
        public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
            return value == null || value.stripTrailingZeros().scale() <= 0;
        }
    }
}
