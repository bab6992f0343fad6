package com.litper.analytics.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Litper's business time zone and how report files print times. */
final class ReportTime {

    /** Days and times of reports are Colombia's (docs/analytics.md). */
    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
    static final Locale ES_CO = Locale.forLanguageTag("es-CO");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private ReportTime() {
    }

    /** An {@link Instant} or {@link OffsetDateTime} as the wall-clock time in Bogotá. */
    static LocalDateTime local(Object value) {
        Instant instant = value instanceof OffsetDateTime odt ? odt.toInstant() : (Instant) value;
        return LocalDateTime.ofInstant(instant, BOGOTA);
    }
}
