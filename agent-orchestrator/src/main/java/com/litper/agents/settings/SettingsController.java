package com.litper.agents.settings;

import com.litper.common.security.LitperPrincipal;
import com.litper.common.web.ApiProblemException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /agents/settings} (every store role) and {@code PUT /agents/settings} (owners, {@code AgentsAccessRules}):
 * the caller's store's agent settings. A store that never saved any reads the defaults, {@code "saved": false}.
 */
@RestController
class SettingsController {

    private final StoreSettings settings;

    SettingsController(StoreSettings settings) {
        this.settings = settings;
    }

    /** The settings as the API shows and takes them. Days are English names (MONDAY…), times HH:mm, in America/Bogota. */
    record SettingsBody(Boolean enabled, String tone, Hours workingHours, List<String> actions, Boolean saved) {
    }

    record Hours(List<String> days, String from, String to) {
    }

    @GetMapping("/agents/settings")
    SettingsBody get(@AuthenticationPrincipal LitperPrincipal caller) {
        return view(settings.of(caller.requireStore()));
    }

    @PutMapping("/agents/settings")
    SettingsBody put(@AuthenticationPrincipal LitperPrincipal caller, @RequestBody SettingsBody body) {
        AgentSettings parsed = parse(body);
        settings.save(caller.requireStore(), parsed, caller.subject());
        return view(settings.of(caller.requireStore()));
    }

    static SettingsBody view(AgentSettings s) {
        Hours hours = s.hours() == null ? null : new Hours(s.hours().days().stream().sorted().map(DayOfWeek::name).toList(),
                s.hours().from().toString(), s.hours().to().toString());
        return new SettingsBody(s.enabled(), s.tone().name(), hours, AgentSettings.ACTIONS.stream().filter(s::allows).toList(), s.saved());
    }

    /** The body as settings; every problem found goes in one 400's detail. */
    static AgentSettings parse(SettingsBody body) {
        if (body == null) {
            throw bad("The body is required: {\"enabled\", \"tone\", \"workingHours\", \"actions\"}.");
        }
        List<String> problems = new ArrayList<>();
        if (body.enabled() == null) {
            problems.add("'enabled' is required (true or false)");
        }
        AgentSettings.Tone tone = null;
        if (body.tone() == null) {
            problems.add("'tone' is required: one of " + List.of(AgentSettings.Tone.values()));
        } else {
            try {
                tone = AgentSettings.Tone.valueOf(body.tone());
            } catch (IllegalArgumentException e) {
                problems.add("'tone' must be one of " + List.of(AgentSettings.Tone.values()) + ", not '" + clip(body.tone()) + "'");
            }
        }
        Set<String> actions = new LinkedHashSet<>();
        if (body.actions() == null) {
            problems.add("'actions' is required: a list of " + AgentSettings.ACTIONS + " (empty: none)");
        } else {
            for (String action : body.actions()) {
                if (action == null || !AgentSettings.ACTIONS.contains(action)) {
                    problems.add("'actions' may only hold " + AgentSettings.ACTIONS + ", not '" + clip(action) + "'");
                } else {
                    actions.add(action);
                }
            }
        }
        AgentSettings.WorkingHours hours = null;
        if (body.workingHours() != null) {
            hours = hours(body.workingHours(), problems);
        }
        if (!problems.isEmpty()) {
            throw bad(String.join("; ", problems) + ".");
        }
        return new AgentSettings(body.enabled(), tone, hours, actions, true);
    }

    private static AgentSettings.WorkingHours hours(Hours hours, List<String> problems) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (hours.days() == null || hours.days().isEmpty()) {
            problems.add("'workingHours.days' must name at least one day (MONDAY … SUNDAY); leave 'workingHours' out or null for always");
        } else {
            for (String day : hours.days()) {
                try {
                    days.add(DayOfWeek.valueOf(day == null ? "" : day.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problems.add("'workingHours.days' holds '" + clip(day) + "', not a day (MONDAY … SUNDAY)");
                }
            }
        }
        LocalTime from = time("workingHours.from", hours.from(), problems);
        LocalTime to = time("workingHours.to", hours.to(), problems);
        if (from != null && to != null && !from.isBefore(to)) {
            problems.add("'workingHours.from' (" + from + ") must be before 'workingHours.to' (" + to + "), both in America/Bogota;"
                    + " hours over midnight are not supported");
        }
        return from == null || to == null || days.isEmpty() ? null : new AgentSettings.WorkingHours(days, from, to);
    }

    private static LocalTime time(String field, String value, List<String> problems) {
        if (value == null) {
            problems.add("'" + field + "' is required (HH:mm, America/Bogota)");
            return null;
        }
        try {
            LocalTime time = LocalTime.parse(value);
            if (time.getSecond() != 0 || time.getNano() != 0) {
                problems.add("'" + field + "' must be HH:mm, without seconds");
                return null;
            }
            return time;
        } catch (DateTimeParseException e) {
            problems.add("'" + field + "' must be HH:mm (e.g. 08:00), not '" + clip(value) + "'");
            return null;
        }
    }

    private static String clip(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static ApiProblemException bad(String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, detail);
    }
}
