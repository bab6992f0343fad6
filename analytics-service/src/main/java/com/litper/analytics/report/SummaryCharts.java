package com.litper.analytics.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.title.LegendTitle;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The summary's two charts, drawn with JFreeChart and embedded as PNG {@code data:} URIs so the page
 * is one file that opens anywhere (also as an e-mail attachment).
 */
final class SummaryCharts {

    static final int WIDTH = 760;
    static final int HEIGHT = 340;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("d MMM", ReportTime.ES_CO);

    private SummaryCharts() {
    }

    /**
     * Bars per carrier: the share of its delivered shipments that took each number of business days,
     * from its summed transit histogram; days up to the last one any carrier used (at least 5).
     */
    static JFreeChart transitDistribution(List<CarrierKpis> carriers) {
        int last = 5;
        for (CarrierKpis k : carriers) {
            for (int i = 0; i < CarrierKpis.TRANSIT_BUCKETS; i++) {
                if (k.transitHist()[i] > 0) {
                    last = Math.max(last, i);
                }
            }
        }
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (CarrierKpis k : carriers) {
            long total = k.deliveredInHistogram();
            if (total == 0) {
                continue;
            }
            for (int i = 0; i <= last; i++) {
                String day = i == CarrierKpis.TRANSIT_BUCKETS - 1 ? "30+" : Integer.toString(i);
                dataset.addValue((double) k.transitHist()[i] / total, k.carrier(), day);
            }
        }
        CategoryAxis days = new CategoryAxis("Días hábiles desde el despacho hasta la entrega");
        NumberAxis share = percentAxis("Entregas");
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.05);
        color(bars, dataset.getRowCount());
        CategoryPlot plot = new CategoryPlot(dataset, days, share, bars);
        return chart("Tiempo de entrega por transportadora", plot);
    }

    /** A line of the on-time rate per week (weeks without a promised delivery attempt are skipped). */
    static JFreeChart onTimeTrend(List<ReportData.Week> weeks) {
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (ReportData.Week week : weeks) {
            Double rate = week.onTimeRate();
            if (rate != null) {
                dataset.addValue(rate, "A tiempo", "Sem. " + WEEK.format(week.monday()));
            }
        }
        CategoryAxis axis = new CategoryAxis("Semana (desde el lunes)");
        axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis share = percentAxis("Entregas a tiempo");
        share.setRange(0, 1);
        LineAndShapeRenderer line = new LineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, PALETTE[2]);
        line.setSeriesStroke(0, new BasicStroke(3f));
        CategoryPlot plot = new CategoryPlot(dataset, axis, share, line);
        JFreeChart chart = chart("Entregas a tiempo por semana", plot);
        chart.removeLegend(); // one line, named by the title
        return chart;
    }

    /** The chart as a {@code data:image/png;base64,…} URI. */
    static String pngDataUri(JFreeChart chart) throws IOException {
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(ChartUtils.encodeAsPNG(image));
    }

    private static NumberAxis percentAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setNumberFormatOverride(NumberFormat.getPercentInstance(ReportTime.ES_CO));
        axis.setAutoRangeIncludesZero(true);
        return axis;
    }

    private static void color(BarRenderer renderer, int series) {
        for (int i = 0; i < series; i++) {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
    }

    private static JFreeChart chart(String title, CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(plot);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
        }
        return chart;
    }
}
