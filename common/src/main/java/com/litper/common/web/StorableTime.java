package com.litper.common.web;

import java.time.Instant;

/**
 * The instants a request may carry: the years 1 to 9999, what ISO-8601 writes with four digits and
 * well inside PostgreSQL's {@code timestamptz}. Java reads far more ({@code +999999999-12-31}), which
 * the database then refuses with an error, so requests are checked against this range first.
 */
public final class StorableTime {

    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private StorableTime() {
    }

    public static boolean contains(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }
}
