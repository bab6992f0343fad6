package com.litper.analytics.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Set;

/**
 * One kind of report (orders, KPIs, the summary…). A new kind is a Spring bean implementing this;
 * {@link ReportKinds} finds it by {@link #name()}, requests are validated against its
 * {@link #formats()}, and {@code generate_report} calls {@link #write}. Tabular kinds extend
 * {@link TabularReport} and get CSV and XLSX for free.
 */
public interface ReportKind {

    /** The kind as requests name it, upper case: {@code ORDERS}. */
    String name();

    /** The formats it can be built in. */
    Set<ReportFormat> formats();

    /** The file name's stem, in Spanish: {@code pedidos}. */
    String fileStem();

    /**
     * Writes the report in {@code spec.format()} to {@code out}, streaming where the data can be
     * large; runs inside a LOW task (600 s). Does not close {@code out}.
     */
    void write(ReportSpec spec, OutputStream out) throws IOException;
}
