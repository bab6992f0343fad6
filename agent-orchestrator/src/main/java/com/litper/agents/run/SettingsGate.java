package com.litper.agents.run;

import com.anthropic.models.messages.MessageParam;
import com.litper.agents.settings.AgentSettings;
import com.litper.common.contracts.AgentHandover;
import com.litper.common.contracts.InboundMessage;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A store's settings before the model: with the agent off, or a buyer's message outside the store's
 * working hours, the run makes no model call and answers nothing; the conversation goes to a person
 * ({@code agent_handover} with {@link AgentHandover.Reason#AGENT_OFF} or
 * {@link AgentHandover.Reason#OUTSIDE_HOURS}).
 *
 * <p>Those two reasons are new in this release. chat-service of the previous release cannot read them
 * (its enum lacks them; the task would be dead-lettered), so during the rolling upgrade they travel as
 * {@code AGENT_UNAVAILABLE}, with the precise cause in the summary, until
 * {@code litper.agents.send-settings-reasons} is true. The run's own record keeps the precise reason
 * either way. Turn it on once every chat-service pod runs this release; the next release makes it the
 * default.
 */
@Component
class SettingsGate {

    private final boolean sendSettingsReasons;

    SettingsGate(@Value("${litper.agents.send-settings-reasons:false}") boolean sendSettingsReasons) {
        this.sendSettingsReasons = sendSettingsReasons;
    }

    /** The run's outcome when the settings keep the model out: no reply, a hand-over; empty when the agent answers. */
    Optional<SupportAgent.Outcome> closed(RunContext context, List<InboundMessage> batch) {
        AgentSettings settings = context.settings();
        InboundMessage latest = batch.get(batch.size() - 1);
        SupportTools.Handover handover;
        if (!settings.enabled()) {
            handover = new SupportTools.Handover(AgentHandover.Reason.AGENT_OFF, summary(batch,
                    "El agente está apagado para esta tienda."));
        } else if (!settings.withinHours(latest.receivedAt())) {
            handover = new SupportTools.Handover(AgentHandover.Reason.OUTSIDE_HOURS, summary(batch,
                    "El comprador escribió fuera del horario del agente (" + describe(settings.hours()) + ", hora de Colombia)."));
        } else {
            return Optional.empty();
        }
        List<MessageParam> transcript = List.of(SupportAgent.buyerTurn(batch));
        return Optional.of(new SupportAgent.Outcome(null, Optional.of(handover), "ESCALATED", transcript));
    }

    /** The reason as chat-service reads it (see the class comment). */
    AgentHandover.Reason onTheWire(AgentHandover.Reason reason) {
        boolean settingsReason = reason == AgentHandover.Reason.AGENT_OFF || reason == AgentHandover.Reason.OUTSIDE_HOURS;
        return settingsReason && !sendSettingsReasons ? AgentHandover.Reason.AGENT_UNAVAILABLE : reason;
    }

    static String describe(AgentSettings.WorkingHours hours) {
        String days = hours.days().stream().sorted().map(d -> d.getDisplayName(TextStyle.SHORT, Locale.forLanguageTag("es-CO")))
                .collect(Collectors.joining(", "));
        return days + " de " + hours.from() + " a " + hours.to();
    }

    private static String summary(List<InboundMessage> batch, String why) {
        String said = batch.stream().map(InboundMessage::text).filter(t -> t != null && !t.isBlank()).collect(Collectors.joining(" / "));
        String summary = why + (said.isEmpty() ? "" : " El comprador escribió: " + said);
        return summary.length() <= 1000 ? summary : summary.substring(0, 999) + "…";
    }
}
