package com.litper.agents.settings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Each store's agent settings ({@code agents.agent_settings}); a store that never saved any has {@link AgentSettings#DEFAULTS}. */
@Component
public class StoreSettings {

    private final JdbcClient jdbc;

    public StoreSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The store's settings, or the defaults. Read on the primary: a run must see a change as soon as it is saved. */
    public AgentSettings of(UUID store) {
        return jdbc.sql("""
                        SELECT enabled, tone, array_to_string(hours_days, ',') AS days, hours_from, hours_to,
                               array_to_string(actions, ',') AS actions
                        FROM agents.agent_settings WHERE store_id = :store""")
                .param("store", store).query(StoreSettings::row).optional().orElse(AgentSettings.DEFAULTS);
    }

    /** Whether a run of {@code store} may take {@code action}. */
    public boolean allows(UUID store, String action) {
        return of(store).allows(action);
    }

    /** Saves the store's settings (all of them), as {@code by} (the token's subject). */
    public void save(UUID store, AgentSettings settings, String by) {
        AgentSettings.WorkingHours hours = settings.hours();
        jdbc.sql("""
                        INSERT INTO agents.agent_settings (store_id, enabled, tone, hours_days, hours_from, hours_to, actions, updated_at, updated_by)
                        VALUES (:store, :enabled, :tone, CAST(:days AS smallint[]), CAST(:from AS time), CAST(:to AS time),
                                CAST(:actions AS text[]), now(), :by)
                        ON CONFLICT (store_id) DO UPDATE SET enabled = EXCLUDED.enabled, tone = EXCLUDED.tone, hours_days = EXCLUDED.hours_days,
                            hours_from = EXCLUDED.hours_from, hours_to = EXCLUDED.hours_to, actions = EXCLUDED.actions,
                            updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by""")
                .param("store", store).param("enabled", settings.enabled()).param("tone", settings.tone().name())
                .param("days", hours == null ? null : hours.days().stream().sorted().map(d -> Integer.toString(d.getValue()))
                        .collect(Collectors.joining(",", "{", "}")), java.sql.Types.VARCHAR)
                .param("from", hours == null ? null : hours.from().toString(), java.sql.Types.VARCHAR)
                .param("to", hours == null ? null : hours.to().toString(), java.sql.Types.VARCHAR)
                // The names were checked against AgentSettings.ACTIONS: plain identifiers, safe in an array literal.
                .param("actions", settings.actions().stream().sorted().collect(Collectors.joining(",", "{", "}")))
                .param("by", by)
                .update();
    }

    private static AgentSettings row(ResultSet rs, int n) throws SQLException {
        String days = rs.getString("days");
        AgentSettings.WorkingHours hours = null;
        if (days != null) {
            Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
            Arrays.stream(days.split(",")).filter(d -> !d.isBlank()).forEach(d -> set.add(DayOfWeek.of(Integer.parseInt(d.strip()))));
            hours = new AgentSettings.WorkingHours(set, rs.getTime("hours_from").toLocalTime(), rs.getTime("hours_to").toLocalTime());
        }
        String actions = rs.getString("actions");
        Set<String> allowed = actions == null || actions.isBlank() ? Set.of() : Set.of(actions.split(","));
        return new AgentSettings(rs.getBoolean("enabled"), AgentSettings.Tone.valueOf(rs.getString("tone")), hours, allowed, true);
    }
}
