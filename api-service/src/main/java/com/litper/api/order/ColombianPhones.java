package com.litper.api.order;

import java.util.Optional;
import java.util.regex.Pattern;

/** Colombian mobile numbers in the forms people type them, normalised to E.164. */
final class ColombianPhones {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()]");
    private static final Pattern MOBILE = Pattern.compile("3[0-9]{9}");

    private ColombianPhones() {
    }

    /** {@code +573001234567} for "300 123 4567", "+57 300-123-4567", "573001234567"…; empty for anything else. */
    static Optional<String> toE164(String text) {
        String digits = SEPARATORS.matcher(text.strip()).replaceAll("");
        if (digits.startsWith("+57")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("57") && digits.length() == 12) {
            digits = digits.substring(2);
        }
        return MOBILE.matcher(digits).matches() ? Optional.of("+57" + digits) : Optional.empty();
    }
}
