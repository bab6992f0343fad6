package com.litper.analytics.cod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Each carrier's settlement format, read from samples in the format the carrier sandbox writes
 * ({@code src/test/resources/settlements}; the sandbox's own test checks it writes their header):
 * a delivered guide and a returned one, with the same meaning whatever the carrier's columns.
 */
class SettlementParserTest {

    static String sample(SettlementFormat format) throws IOException {
        return Files.readString(Path.of("src/test/resources/settlements", format.carrier() + ".csv"), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(SettlementFormat.class)
    void readsEachCarriersOwnFormat(SettlementFormat format) throws IOException {
        List<SettlementParser.Line> lines = SettlementParser.parse(format, sample(format));

        assertThat(lines).hasSize(2);
        SettlementParser.Line delivered = lines.get(0);
        SettlementParser.Line returned = lines.get(1);
        assertThat(delivered.lineNo()).isEqualTo(2);
        assertThat(delivered.trackingNumber()).startsWith(switch (format) {
            case SERVIENTREGA -> "SV";
            case COORDINADORA -> "CO";
            case INTERRAPIDISIMO -> "IR";
            case ENVIA -> "EN";
            case TCC -> "TCC";
        });
        assertThat(delivered.settledOn()).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(delivered.collected()).isEqualTo(120_000);
        assertThat(delivered.remitted() + delivered.freight() + delivered.commission() + delivered.returnFreight()).isEqualTo(120_000);
        assertThat(delivered.freight()).isPositive();
        assertThat(delivered.commission()).isPositive();
        assertThat(returned.collected()).isZero();
        assertThat(returned.returnFreight()).isEqualTo(returned.freight());
        assertThat(returned.remitted()).isEqualTo(-2 * returned.freight());
    }

    @Test
    void tccAmountsHaveDotsBetweenThousandsAndQuotes() throws IOException {
        SettlementParser.Line line = SettlementParser.parse(SettlementFormat.TCC, sample(SettlementFormat.TCC)).get(0);
        assertThat(line.freight()).isEqualTo(12_300);
        assertThat(line.remitted()).isEqualTo(103_500);
        assertThat(SettlementParser.split("\"a,b\",\"say \"\"hi\"\"\",c", ',')).containsExactly("a,b", "say \"hi\"", "c");
    }

    @Test
    void columnsAreFoundByTheirHeaderInAnyOrder() {
        String reordered = "neto_girado,flete_devolucion,comision,flete,recaudo,fecha,guia\n105500,0,3600,10900,120000,2026-11-27,CO512345678\n";
        SettlementParser.Line line = SettlementParser.parse(SettlementFormat.COORDINADORA, reordered).get(0);
        assertThat(line.trackingNumber()).isEqualTo("CO512345678");
        assertThat(line.remitted()).isEqualTo(105_500);
        assertThat(line.commission()).isEqualTo(3_600);
    }

    @Test
    void aFileInAnotherCarriersFormatIsRefusedNamingTheMissingColumns() throws IOException {
        assertThatThrownBy(() -> SettlementParser.parse(SettlementFormat.SERVIENTREGA, sample(SettlementFormat.COORDINADORA)))
                .isInstanceOfSatisfying(SettlementParser.InvalidFileException.class, e -> {
                    assertThat(e.getMessage()).contains("servientrega").contains("semicolons");
                    assertThat(e.problems()).isNotEmpty().allMatch(p -> p.line() == 1);
                    assertThat(e.problems().get(0).message()).isEqualTo("missing column 'NUMERO_GUIA'");
                });
    }

    @Test
    void everyBadLineIsReportedWithItsNumber() {
        String file = """
                guia,fecha,recaudo,flete,comision,flete_devolucion,neto_girado
                CO512345678,2026-11-27,120000,10900,3600,0,105500

                CO512345679,27/11/2026,120000,10900,3600,0,105500
                CO512345680,2026-11-27,ciento,10900,-3600,0,105500
                CO512345681,2026-11-27,120000
                """;
        assertThatThrownBy(() -> SettlementParser.parse(SettlementFormat.COORDINADORA, file))
                .isInstanceOfSatisfying(SettlementParser.InvalidFileException.class, e -> {
                    assertThat(e.getMessage()).startsWith("3 line(s) of the coordinadora settlement file cannot be read; nothing was imported");
                    assertThat(e.problems()).extracting(SettlementParser.Problem::line).containsExactly(4, 5, 6);
                    assertThat(e.problems().get(0).message()).isEqualTo("date '27/11/2026' is not yyyy-MM-dd");
                    assertThat(e.problems().get(1).message()).contains("recaudo 'ciento' is not an amount").contains("comision is negative");
                    assertThat(e.problems().get(2).message()).isEqualTo("has 3 fields, the header has 7");
                });
        assertThatThrownBy(() -> SettlementParser.parse(SettlementFormat.TCC, "\n\n")).isInstanceOf(SettlementParser.InvalidFileException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aHeaderOnlyFileHasNoLines() {
        assertThat(SettlementParser.parse(SettlementFormat.ENVIA,
                "guia\tfecha\testado\tvlr_cobrado\tvlr_flete\tvlr_comision\tvlr_devolucion\tvlr_consignado\n")).isEmpty();
    }
}
