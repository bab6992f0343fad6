package com.litper.analytics.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Colombia's business days: Monday to Friday less the holidays, the Emiliani ones on the Monday they move to. */
class BusinessDaysTest {

    private final BusinessDays days = new BusinessDays();

    @Test
    void movingHolidaysFallOnTheMondayAfter() {
        // San José, Wednesday 19 March 2025, is observed on Monday 24 March.
        assertThat(days.isHoliday(LocalDate.parse("2025-03-24"))).isTrue();
        assertThat(days.isHoliday(LocalDate.parse("2025-03-19"))).isFalse();
        assertThat(days.isBusinessDay(LocalDate.parse("2025-03-19"))).isTrue();
        // Reyes, Tuesday 6 January 2026, moves to Monday 12 January.
        assertThat(days.isHoliday(LocalDate.parse("2026-01-12"))).isTrue();
        assertThat(days.isBusinessDay(LocalDate.parse("2026-01-06"))).isTrue();
    }

    @Test
    void fixedAndEasterHolidaysAreNotBusinessDays() {
        assertThat(days.isBusinessDay(LocalDate.parse("2025-07-21"))).isTrue();
        assertThat(days.isBusinessDay(LocalDate.parse("2025-08-07"))).isFalse(); // Batalla de Boyacá, a Thursday
        assertThat(days.isBusinessDay(LocalDate.parse("2025-04-17"))).isFalse(); // Jueves Santo
        assertThat(days.isBusinessDay(LocalDate.parse("2025-04-18"))).isFalse(); // Viernes Santo
        assertThat(days.isBusinessDay(LocalDate.parse("2025-04-16"))).isTrue();
    }

    @Test
    void weekendsAreNotBusinessDays() {
        assertThat(days.isBusinessDay(LocalDate.parse("2025-03-22"))).isFalse(); // Saturday
        assertThat(days.isBusinessDay(LocalDate.parse("2025-03-23"))).isFalse(); // Sunday
    }

    @Test
    void countsTheBusinessDaysAfterTheFirstDayUpToTheLast() {
        // Friday 21 March → Tuesday 25 March 2025: Saturday, Sunday and the holiday Monday do not count.
        assertThat(days.between(LocalDate.parse("2025-03-21"), LocalDate.parse("2025-03-25"))).isEqualTo(1);
        // The same span a week later, with a working Monday: 2.
        assertThat(days.between(LocalDate.parse("2025-03-28"), LocalDate.parse("2025-04-01"))).isEqualTo(2);
        // Holy week: Wednesday 16 → Monday 21 April 2025 is one business day (the Monday).
        assertThat(days.between(LocalDate.parse("2025-04-16"), LocalDate.parse("2025-04-21"))).isEqualTo(1);
        // Delivered on a Saturday: as many as the Friday before.
        assertThat(days.between(LocalDate.parse("2025-03-17"), LocalDate.parse("2025-03-22")))
                .isEqualTo(days.between(LocalDate.parse("2025-03-17"), LocalDate.parse("2025-03-21"))).isEqualTo(4);
        assertThat(days.between(LocalDate.parse("2025-03-21"), LocalDate.parse("2025-03-21"))).isZero();
        assertThat(days.between(LocalDate.parse("2025-03-25"), LocalDate.parse("2025-03-21"))).isZero();
    }
}
