package com.litper.agents.run;

import com.litper.agents.config.AgentProperties;
import com.litper.agents.config.AnthropicProperties;
import com.litper.agents.outcomes.Episodes;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * Records a finished run: its steps and status ({@link RunRecorder#finished}), what the transcript view
 * shows of it (reply, hand-over, tokens, estimated cost), and, for a buyer's run, its conversation's
 * episode ({@link Episodes}). A try-it run is recorded as such and never counted in outcomes.
 */
@Component
class FinishedRuns {

    private final RunRecorder recorder;
    private final Episodes episodes;
    private final AnthropicProperties anthropic;
    private final AgentProperties properties;
    private final Clock clock;

    FinishedRuns(RunRecorder recorder, Episodes episodes, AnthropicProperties anthropic, AgentProperties properties, Clock clock) {
        this.recorder = recorder;
        this.episodes = episodes;
        this.anthropic = anthropic;
        this.properties = properties;
        this.clock = clock;
    }

    void finished(RunContext context, SupportAgent.Outcome outcome) {
        recorder.finished(context.runId(), outcome.status(), outcome.transcript());
        String reason = outcome.handover().map(h -> h.reason().name()).orElse(null);
        recorder.details(context.runId(), outcome.reply(), reason, outcome.handover().map(SupportTools.Handover::summary).orElse(null),
                anthropic.model(), context.usage(), context.usage().cost(properties.prices().get(anthropic.model())));
        if (!context.tryIt()) {
            episodes.runFinished(context.storeId(), context.conversationId(), context.runId(), outcome.reply() != null, reason,
                    asksTheBuyer(outcome.reply()), clock.instant());
        }
    }

    /** Whether a reply leaves the buyer a question to answer: it ends with one. */
    static boolean asksTheBuyer(String reply) {
        return reply != null && reply.strip().endsWith("?");
    }
}
