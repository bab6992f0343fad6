package com.litper.analytics.facts;

import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Business days in Colombia: Monday to Friday, except Colombia's public holidays as jollyday knows
 * them, including the ones the Emiliani law moves to the next Monday ("puentes") and the ones that
 * follow Easter. Saturdays are not business days: carriers' promises ("días hábiles") and the
 * transit times stores compare count Monday to Friday, so a shipment delivered on a Saturday took
 * as many business days as one delivered the Friday before.
 */
@Component
public class BusinessDays {

    private final HolidayManager holidays = HolidayManager.getInstance(ManagerParameters.create(HolidayCalendar.COLOMBIA));
    private final Map<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

    /** True for Monday to Friday when the day is not a Colombian public holiday. */
    public boolean isBusinessDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !isHoliday(day);
    }

    /** True when the day is a Colombian public holiday (on the day it is observed). */
    public boolean isHoliday(LocalDate day) {
        return byYear.computeIfAbsent(day.getYear(), this::load).contains(day);
    }

    /**
     * The business days after {@code from} up to and including {@code to}: 0 on the same day, 1 from
     * a Friday to the next Monday when that Monday is a working day, 0 when {@code to} is before
     * {@code from}.
     */
    public int between(LocalDate from, LocalDate to) {
        int days = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isBusinessDay(day)) {
                days++;
            }
        }
        return days;
    }

    private Set<LocalDate> load(int year) {
        return holidays.getHolidays(Year.of(year)).stream()
                .map(holiday -> holiday.getObservedDate().orElse(holiday.getDate()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
