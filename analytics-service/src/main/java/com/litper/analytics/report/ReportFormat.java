package com.litper.analytics.report;

/** The file formats a report can be built in, with what a download says of each. */
public enum ReportFormat {
    /** RFC 4180, UTF-8 with a byte order mark so that Excel reads accents. */
    CSV("text/csv; charset=UTF-8", "csv"),
    /** An Excel workbook with typed cells. */
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    /** One self-contained page with its charts inline. */
    HTML("text/html; charset=UTF-8", "html");

    private final String contentType;
    private final String extension;

    ReportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }
}
