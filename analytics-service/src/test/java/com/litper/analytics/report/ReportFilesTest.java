package com.litper.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV writer's quoting and the percentiles from a histogram, without a server. */
class ReportFilesTest {

    @Test
    void csvQuotesOnlyWhatNeedsIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvTableWriter csv = new CsvTableWriter(out, List.of(Column.text("Nombre, apellido"), Column.percent("A tiempo (%)"),
                Column.date("Día"), Column.money("Valor")));
        csv.row("Peña \"la tienda\"", 0.8333, LocalDate.parse("2026-10-05"), 1_234_500L);
        csv.row("línea\nnueva", null, null, null);
        csv.finish();
        String text = new String(out.toByteArray(), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("\uFEFF\"Nombre, apellido\",A tiempo (%),Día,Valor\r\n"
                + "\"Peña \"\"la tienda\"\"\",83.3,2026-10-05,1234500\r\n"
                + "\"línea\nnueva\",,,\r\n");
        assertThat(ReportsTest.parseCsv(text.substring(1)).get(1)).containsExactly("Peña \"la tienda\"", "83.3", "2026-10-05", "1234500");
    }

    @Test
    void percentilesComeFromTheRunningCountOfTheHistogram() {
        long[] hist = new long[CarrierKpis.TRANSIT_BUCKETS];
        hist[1] = 2;
        hist[2] = 7;
        hist[3] = 2;
        hist[30] = 1;
        CarrierKpis kpis = new CarrierKpis("tcc", 12, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, hist);
        assertThat(kpis.transitPercentile(0.5)).isEqualTo(2);
        assertThat(kpis.transitPercentile(0.9)).isEqualTo(3);
        assertThat(kpis.transitPercentile(1.0)).isEqualTo(30);
        assertThat(kpis.onTimeRate()).as("no attempt with a promise: no rate").isNull();
        assertThat(new CarrierKpis("tcc", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new long[CarrierKpis.TRANSIT_BUCKETS]).transitPercentile(0.5))
                .isNull();
    }
}
