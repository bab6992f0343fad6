package com.litper.api.dane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DivipolaTest {

    private final Divipola divipola = Divipola.load();

    @Test
    void loadsEveryMunicipality() {
        assertThat(divipola.size()).isEqualTo(1121);
    }

    @Test
    void namesMatchWithoutAccentsCaseOrPunctuation() {
        assertThat(Divipola.normalize("Bogotá, D.C.")).isEqualTo(Divipola.normalize("BOGOTA DC"));
        assertThat(Divipola.normalize("Nariño")).isEqualTo("NARINO");
        assertThat(divipola.resolve("  san josé de cúcuta ", null).municipality().code()).isEqualTo("54001");
        assertThat(divipola.resolve("Cúcuta", "Norte de Santander").municipality().code()).isEqualTo("54001");
        assertThat(divipola.resolve("BOGOTÁ", "").municipality().code()).isEqualTo("11001");
        assertThat(divipola.resolve("San Andrés", "San Andrés").municipality().code()).isEqualTo("88001");
    }

    @Test
    void ambiguousNamesNeedTheDepartment() {
        Divipola.Lookup lookup = divipola.resolve("Armenia", null);
        assertThat(lookup.isFound()).isFalse();
        assertThat(lookup.field()).isEqualTo("department");
        assertThat(lookup.problem()).contains("QUINDIO (63001)").contains("ANTIOQUIA (05059)");
        assertThat(divipola.resolve("Armenia", "63").municipality().name()).isEqualTo("ARMENIA");
    }

    @Test
    void codesMustExistAndAgreeWithTheDepartment() {
        assertThat(divipola.resolve("76001", "Valle del Cauca").municipality().name()).isEqualTo("CALI");
        assertThat(divipola.resolve("76001", "Valle").municipality().name()).isEqualTo("CALI");
        assertThat(divipola.resolve("76001", "Antioquia").field()).isEqualTo("department");
        assertThat(divipola.resolve("12345", null).field()).isEqualTo("city");
        assertThat(divipola.resolve("Cali", "00").field()).isEqualTo("department");
    }
}
