package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColombianPhonesTest {

    @ParameterizedTest
    @ValueSource(strings = {"3151234567", " 315 123 4567 ", "+57 315-123-4567", "573151234567", "+57(315)1234567"})
    void normalisesMobilesToE164(String phone) {
        assertThat(ColombianPhones.toE164(phone)).hasValue("+573151234567");
    }

    @ParameterizedTest
    @ValueSource(strings = {"6015551234", "315123456", "31512345678", "+1 315 123 4567", "5731512345", "57 601 555 1234",
            "315-ABC-4567", ""})
    void refusesAnythingElse(String phone) {
        assertThat(ColombianPhones.toE164(phone)).isEmpty();
    }
}
