package com.litper.analytics.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A report that is one table: CSV and XLSX come from its {@link #columns()} and the rows it
 * {@link #rows streams}, one at a time, so neither format holds the whole table in memory.
 */
public abstract class TabularReport implements ReportKind {

    /** Receives the rows of a table, one at a time, in the order of {@link #columns()}. */
    @FunctionalInterface
    public interface RowSink {
        void accept(Object... row) throws IOException;
    }

    /** The table's columns, in order. */
    protected abstract List<Column> columns();

    /** Sends every row of the report to {@code sink}, in order. */
    protected abstract void rows(ReportSpec spec, RowSink sink) throws IOException;

    /** The sheet's name in XLSX (at most 31 characters). */
    protected abstract String sheetName();

    @Override
    public Set<ReportFormat> formats() {
        return EnumSet.of(ReportFormat.CSV, ReportFormat.XLSX);
    }

    @Override
    public void write(ReportSpec spec, OutputStream out) throws IOException {
        List<Column> columns = columns();
        switch (spec.format()) {
            case CSV -> {
                CsvTableWriter csv = new CsvTableWriter(out, columns);
                rows(spec, csv::row);
                csv.finish();
            }
            case XLSX -> {
                try (XlsxTableWriter xlsx = new XlsxTableWriter(sheetName(), columns)) {
                    rows(spec, xlsx::row);
                    xlsx.writeTo(out);
                }
            }
            default -> throw new IllegalArgumentException(name() + " reports are not built as " + spec.format());
        }
    }
}
