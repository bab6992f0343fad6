package com.litper.analytics.report;

/**
 * One column of a tabular report: its header (Spanish, as the store reads it) and the type of its
 * values, which decides how CSV prints them and which cell type and format XLSX gives them.
 */
public record Column(String header, Type type) {

    /** Value types; a row's value may always be null (an empty cell). */
    public enum Type {
        /** {@link String}. */
        TEXT,
        /** A whole number ({@link Number}). */
        INTEGER,
        /** Integer pesos ({@link Number}). */
        MONEY,
        /** A fraction between 0 and 1 ({@link Number}); CSV prints it as a percentage with one decimal. */
        PERCENT,
        /** A decimal number ({@link Number}), one decimal. */
        DECIMAL,
        /** {@link java.time.LocalDate}. */
        DATE,
        /** {@link java.time.Instant} or {@link java.time.OffsetDateTime}, shown in America/Bogota. */
        DATETIME
    }

    public static Column text(String header) {
        return new Column(header, Type.TEXT);
    }

    public static Column integer(String header) {
        return new Column(header, Type.INTEGER);
    }

    public static Column money(String header) {
        return new Column(header, Type.MONEY);
    }

    public static Column percent(String header) {
        return new Column(header, Type.PERCENT);
    }

    public static Column decimal(String header) {
        return new Column(header, Type.DECIMAL);
    }

    public static Column date(String header) {
        return new Column(header, Type.DATE);
    }

    public static Column dateTime(String header) {
        return new Column(header, Type.DATETIME);
    }
}
