package com.litper.agents.settings;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A store's agent settings as runs apply them (docs/agents.md, "Per-store settings").
 *
 * @param enabled whether the agent answers the store's buyers at all; off: every buyer message goes to a person
 * @param tone how the agent speaks, one of a closed set ({@link Tone})
 * @param hours when the agent answers, in America/Bogota; null: always
 * @param actions what the agent may do beyond answering (names from {@link #ACTIONS}); a run checks {@link #allows}
 * @param saved whether the store saved these (false: the defaults)
 */
public record AgentSettings(boolean enabled, Tone tone, WorkingHours hours, Set<String> actions, boolean saved) {

    /** The store's time zone for working hours: Colombia has one and no daylight saving. */
    public static final ZoneId ZONE = ZoneId.of("America/Bogota");

    /** Every action an agent may be allowed: changing a delivery (address or date) and cancelling an order. */
    public static final List<String> ACTIONS = List.of("DELIVERY_CHANGE", "CANCEL_ORDER");

    /** A store that never saved settings: the agent on, always, close in tone, every action allowed. */
    public static final AgentSettings DEFAULTS = new AgentSettings(true, Tone.CERCANO, null, Set.copyOf(ACTIONS), false);

    public AgentSettings {
        actions = Set.copyOf(actions);
    }

    /** Whether a run of this store may take {@code action} (e.g. {@code "CANCEL_ORDER"}); unknown names are never allowed. */
    public boolean allows(String action) {
        return action != null && actions.contains(action);
    }

    /** Whether the agent answers at {@code at}: on, and within working hours when the store set some. */
    public boolean answersAt(Instant at) {
        return enabled && withinHours(at);
    }

    /** Whether {@code at} is within the working hours (always true without hours). */
    public boolean withinHours(Instant at) {
        return hours == null || hours.contains(at);
    }

    /**
     * How the agent speaks. A closed set rather than free text: each tone's instruction is written and
     * tested here, a store's words never become part of the model's instructions, and the uncached
     * system block that carries it stays a few tokens long.
     */
    public enum Tone {
        /** Tutea al comprador, cálido y cercano (the default). */
        CERCANO("Tono de esta tienda: cercano. Trata al comprador de tú, con calidez y naturalidad, sin exagerar."),
        /** Trata de usted, cortés y sobrio. */
        FORMAL("Tono de esta tienda: formal. Trata al comprador de usted, con cortesía y sobriedad, sin emojis ni expresiones coloquiales.");

        private final String instruction;

        Tone(String instruction) {
            this.instruction = instruction;
        }

        /** The instruction a run adds after the cached system prompt. */
        public String instruction() {
            return instruction;
        }
    }

    /**
     * Days and a time range, in America/Bogota; {@code from} is inclusive, {@code to} exclusive, and
     * {@code from} is before {@code to} (a range over midnight is two days' settings, not one).
     */
    public record WorkingHours(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

        public WorkingHours {
            days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        }

        public boolean contains(Instant at) {
            ZonedDateTime local = at.atZone(ZONE);
            LocalTime time = local.toLocalTime();
            return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
        }
    }
}
