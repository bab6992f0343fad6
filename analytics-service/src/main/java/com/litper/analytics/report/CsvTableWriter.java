package com.litper.analytics.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes a table as RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a
 * comma, a quote or a line break (quotes doubled), a header row; UTF-8 with a byte order mark, which
 * Excel needs to read accents. Numbers are plain (no grouping, a dot before decimals) so that
 * spreadsheets and scripts read them as numbers; dates are ISO, times {@code yyyy-MM-dd HH:mm} in
 * Bogotá. Six lines of quoting do not warrant a library.
 */
final class CsvTableWriter {

    private static final char BOM = '\uFEFF';

    private final Writer out;
    private final List<Column> columns;

    CsvTableWriter(OutputStream stream, List<Column> columns) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 64 * 1024);
        this.columns = columns;
        out.write(BOM);
        line(columns.stream().map(Column::header).toArray());
    }

    void row(Object... values) throws IOException {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("a row has " + values.length + " values for " + columns.size() + " columns");
        }
        Object[] printed = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            printed[i] = print(columns.get(i).type(), values[i]);
        }
        line(printed);
    }

    /** Flushes what is buffered; the stream stays open. */
    void finish() throws IOException {
        out.flush();
    }

    private void line(Object[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(quote(fields[i] == null ? "" : fields[i].toString()));
        }
        out.write("\r\n");
    }

    static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    private static String print(Column.Type type, Object value) {
        if (value == null) {
            return "";
        }
        return switch (type) {
            case TEXT -> value.toString();
            case INTEGER, MONEY -> Long.toString(((Number) value).longValue());
            case PERCENT -> BigDecimal.valueOf(((Number) value).doubleValue() * 100).setScale(1, RoundingMode.HALF_UP).toPlainString();
            case DECIMAL -> BigDecimal.valueOf(((Number) value).doubleValue()).setScale(1, RoundingMode.HALF_UP).toPlainString();
            case DATE -> ((LocalDate) value).toString();
            case DATETIME -> ReportTime.DATE_TIME.format(ReportTime.local(value));
        };
    }
}
