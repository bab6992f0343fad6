package com.litper.analytics.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * SUMMARY: one HTML page for a store owner, in Spanish with Colombian number formats: the period's
 * headline figures, a table per carrier, the delivery-time distribution per carrier and the on-time
 * trend by week as charts, and the novedades by cause. The trend covers at least the eight weeks up
 * to the period's end, so a weekly summary shows where the week stands.
 */
@Component
class SummaryReport implements ReportKind {

    /** Weeks the on-time trend covers at least. */
    static final int TREND_WEEKS = 8;
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d 'de' MMMM 'de' yyyy", ReportTime.ES_CO);

    private final ReportData data;

    SummaryReport(ReportData data) {
        this.data = data;
    }

    @Override
    public String name() {
        return "SUMMARY";
    }

    @Override
    public Set<ReportFormat> formats() {
        return EnumSet.of(ReportFormat.HTML);
    }

    @Override
    public String fileStem() {
        return "resumen";
    }

    @Override
    public void write(ReportSpec spec, OutputStream out) throws IOException {
        if (spec.format() != ReportFormat.HTML) {
            throw new IllegalArgumentException("SUMMARY reports are built as HTML only");
        }
        LocalDate trendFrom = spec.to().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(TREND_WEEKS - 1);
        record Figures(List<CarrierKpis> carriers, List<ReportData.Week> weeks, List<Map.Entry<String, Long>> causes) {
        }
        Figures figures = data.snapshot(() -> new Figures(data.carrierKpis(spec.storeId(), spec.from(), spec.to()),
                data.weeks(spec.storeId(), trendFrom.isBefore(spec.from()) ? trendFrom : spec.from(), spec.to()),
                data.novedadCauses(spec.storeId(), spec.from(), spec.to())));
        List<CarrierKpis> carriers = figures.carriers();
        CarrierKpis total = CarrierKpis.total(CarrierKpis.ALL, carriers);
        List<ReportData.Week> weeks = figures.weeks();
        List<Map.Entry<String, Long>> causes = figures.causes();
        String transitChart = SummaryCharts.pngDataUri(SummaryCharts.transitDistribution(carriers));
        String trendChart = SummaryCharts.pngDataUri(SummaryCharts.onTimeTrend(weeks));

        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write("""
                <!DOCTYPE html>
                <html lang="es-CO">
                <head>
                <meta charset="utf-8">
                <title>Resumen de envíos</title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;max-width:820px;margin:24px auto;padding:0 16px}
                h1{font-size:22px;margin-bottom:4px}.period{color:#666;margin-top:0}
                .tiles{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
                .tile{flex:1 1 140px;border:1px solid #e3e3e3;border-radius:8px;padding:10px 12px}
                .tile b{display:block;font-size:22px}.tile span{color:#666;font-size:13px}
                table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0 20px}
                th,td{border-bottom:1px solid #eee;padding:5px 6px;text-align:right}th:first-child,td:first-child{text-align:left}
                th{background:#f6f6f6}tr.total td{font-weight:bold}
                img{max-width:100%;height:auto;margin:8px 0}h2{font-size:17px;margin-top:24px}
                </style>
                </head>
                <body>
                """);
        w.write("<h1>Resumen de envíos</h1>\n<p class=\"period\">Del " + LONG_DATE.format(spec.from()) + " al "
                + LONG_DATE.format(spec.to()) + "</p>\n");
        w.write("<div class=\"tiles\">\n");
        tile(w, integer(total.shipments()), "Envíos");
        tile(w, percent(total.deliveryRate()), "Entregados (" + integer(total.delivered()) + ")");
        tile(w, percent(total.onTimeRate()), "Entregas a tiempo");
        tile(w, percent(total.firstAttemptRate()), "Entregas al primer intento");
        tile(w, integer(total.withNovedad()), "Envíos con novedad");
        tile(w, pesos(total.codAmount()), "Contra entrega (" + integer(total.codShipments()) + " envíos)");
        w.write("</div>\n");

        w.write("<h2>Por transportadora</h2>\n<table>\n<tr><th>Transportadora</th><th>Envíos</th><th>Entregados</th>"
                + "<th>A tiempo</th><th>Primer intento</th><th>Novedad</th><th>Días hábiles (mediana)</th><th>Días hábiles (p90)</th>"
                + "<th>Flete promedio</th></tr>\n");
        for (CarrierKpis k : carriers) {
            carrierRow(w, k, "");
        }
        carrierRow(w, total, " class=\"total\"");
        w.write("</table>\n");

        w.write("<h2>¿Cuántos días tardan las entregas?</h2>\n");
        w.write("<img id=\"grafico-tiempo-entrega\" alt=\"Tiempo de entrega por transportadora, en días hábiles\" width=\""
                + SummaryCharts.WIDTH + "\" height=\"" + SummaryCharts.HEIGHT + "\" src=\"" + transitChart + "\">\n");
        w.write("<h2>¿Cumplimos la fecha prometida?</h2>\n");
        w.write("<img id=\"grafico-a-tiempo\" alt=\"Entregas a tiempo por semana\" width=\"" + SummaryCharts.WIDTH + "\" height=\""
                + SummaryCharts.HEIGHT + "\" src=\"" + trendChart + "\">\n");

        if (!causes.isEmpty()) {
            w.write("<h2>Novedades por causa</h2>\n<table>\n<tr><th>Causa</th><th>Envíos</th></tr>\n");
            for (Map.Entry<String, Long> cause : causes) {
                w.write("<tr><td>" + esc(ReportLabels.cause(cause.getKey())) + "</td><td>" + integer(cause.getValue()) + "</td></tr>\n");
            }
            w.write("</table>\n");
        }
        w.write("<p class=\"period\">A tiempo: entregas cuyo primer intento fue hasta la fecha prometida por la transportadora."
                + " Días hábiles según los festivos de Colombia.</p>\n</body>\n</html>\n");
        w.flush();
    }

    private static void carrierRow(Writer w, CarrierKpis k, String attributes) throws IOException {
        w.write("<tr" + attributes + "><td>" + esc(k.carrier()) + "</td><td>" + integer(k.shipments()) + "</td><td>"
                + integer(k.delivered()) + "</td><td>" + percent(k.onTimeRate()) + "</td><td>" + percent(k.firstAttemptRate())
                + "</td><td>" + percent(k.novedadRate()) + "</td><td>" + days(k.transitPercentile(0.5)) + "</td><td>"
                + days(k.transitPercentile(0.9)) + "</td><td>" + (k.averageFreight() == null ? "—" : pesos(k.averageFreight()))
                + "</td></tr>\n");
    }

    private static void tile(Writer w, String value, String label) throws IOException {
        w.write("<div class=\"tile\"><b>" + esc(value) + "</b><span>" + esc(label) + "</span></div>\n");
    }

    /** 1.234 */
    static String integer(long value) {
        return NumberFormat.getIntegerInstance(ReportTime.ES_CO).format(value);
    }

    /** 95,3 % */
    static String percent(Double fraction) {
        if (fraction == null) {
            return "—";
        }
        NumberFormat format = NumberFormat.getPercentInstance(ReportTime.ES_CO);
        format.setMinimumFractionDigits(1);
        format.setMaximumFractionDigits(1);
        return format.format(fraction);
    }

    /** $ 1.234.500 (pesos carry no decimals in practice) */
    static String pesos(long value) {
        return "$ " + integer(value);
    }

    private static String days(Integer days) {
        return days == null ? "—" : days == CarrierKpis.TRANSIT_BUCKETS - 1 ? "30+" : Integer.toString(days);
    }

    private static String esc(String text) {
        return HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
