package com.litper.analytics.report;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFCell;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes a table as an XLSX workbook with Apache POI's streaming {@link SXSSFWorkbook}: only the last
 * {@value #WINDOW} rows stay in memory, the rest go to a compressed temporary file until
 * {@link #writeTo}. Cells are typed: numbers are numbers (pesos with thousands separators,
 * percentages as percentages), dates and times are dates; the header row is bold and frozen.
 */
final class XlsxTableWriter implements AutoCloseable {

    private static final int WINDOW = 200;

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW);
    private final SXSSFSheet sheet;
    private final List<Column> columns;
    private final Map<Column.Type, CellStyle> styles = new EnumMap<>(Column.Type.class);
    private int next;

    XlsxTableWriter(String sheetName, List<Column> columns) {
        this.columns = columns;
        workbook.setCompressTempFiles(true);
        sheet = workbook.createSheet(sheetName);
        var format = workbook.createDataFormat();
        for (Column.Type type : Column.Type.values()) {
            String pattern = switch (type) {
                case TEXT -> null;
                case INTEGER -> "0";
                case MONEY -> "#,##0";
                case PERCENT -> "0.0%";
                case DECIMAL -> "0.0";
                case DATE -> "yyyy-mm-dd";
                case DATETIME -> "yyyy-mm-dd hh:mm";
            };
            if (pattern != null) {
                CellStyle style = workbook.createCellStyle();
                style.setDataFormat(format.getFormat(pattern));
                styles.put(type, style);
            }
        }
        CellStyle header = workbook.createCellStyle();
        Font bold = workbook.createFont();
        bold.setBold(true);
        header.setFont(bold);
        Row row = sheet.createRow(next++);
        for (int i = 0; i < columns.size(); i++) {
            var cell = row.createCell(i);
            cell.setCellValue(columns.get(i).header());
            cell.setCellStyle(header);
            // Widths from the header: autosizing would need every row in memory.
            sheet.setColumnWidth(i, Math.min(60, Math.max(12, columns.get(i).header().length() + 4)) * 256);
        }
        sheet.createFreezePane(0, 1);
    }

    void row(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("a row has " + values.length + " values for " + columns.size() + " columns");
        }
        Row row = sheet.createRow(next++);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue;
            }
            Column.Type type = columns.get(i).type();
            SXSSFCell cell = (SXSSFCell) row.createCell(i);
            switch (type) {
                case TEXT -> cell.setCellValue(value.toString());
                case INTEGER, MONEY -> cell.setCellValue(((Number) value).longValue());
                case PERCENT, DECIMAL -> cell.setCellValue(((Number) value).doubleValue());
                case DATE -> cell.setCellValue((LocalDate) value);
                case DATETIME -> cell.setCellValue(ReportTime.local(value));
            }
            CellStyle style = styles.get(type);
            if (style != null) {
                cell.setCellStyle(style);
            }
        }
    }

    void writeTo(OutputStream out) throws IOException {
        workbook.write(out);
    }

    /** Deletes the temporary files. */
    @Override
    public void close() throws IOException {
        try {
            workbook.dispose();
        } finally {
            workbook.close();
        }
    }
}
