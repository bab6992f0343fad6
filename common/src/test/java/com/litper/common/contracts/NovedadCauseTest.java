package com.litper.common.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Carriers' own words for a novedad, as they write them, and the cause each one counts as. */
class NovedadCauseTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Cliente ausente | BUYER_ABSENT",
            "CLIENTE AUSENTE EN LA DIRECCIÓN | BUYER_ABSENT",
            "Destinatario no se encontraba | BUYER_ABSENT",
            "Nadie atiende en el domicilio | BUYER_ABSENT",
            "Local cerrado | BUYER_ABSENT",
            "Dirección incorrecta | WRONG_ADDRESS",
            "DIRECCION ERRADA | WRONG_ADDRESS",
            "dir. incompleta, falta apto | WRONG_ADDRESS",
            "Zona de difícil acceso | WRONG_ADDRESS",
            "Destino fuera de cobertura | WRONG_ADDRESS",
            "Cliente rechaza el envío | REFUSED",
            "Destinatario no recibe | REFUSED",
            "El cliente no quiso pagar el contraentrega | REFUSED",
            "Rehúsa recibir | REFUSED",
            "Cliente solicita nueva fecha de entrega | BUYER_RESCHEDULED",
            "Reprogramado por el cliente | BUYER_RESCHEDULED",
            "Pide entrega otro día, no estaba | BUYER_RESCHEDULED",
            "Mercancía averiada | DAMAGED",
            "Paquete roto | DAMAGED",
            "Caja en mal estado | DAMAGED",
            "Envío extraviado | DAMAGED",
            "Paro nacional en la vía | OTHER",
            "Retenido en aduana | OTHER"})
    void theCarriersWordsAreOneCause(String reason, NovedadCause cause) {
        assertThat(NovedadCause.classify(reason)).isEqualTo(cause);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void noWordsAreNoCause(String reason) {
        assertThat(NovedadCause.classify(reason)).isNull();
    }
}
