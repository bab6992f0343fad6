package com.litper.agents.run;

import com.anthropic.models.messages.Usage;
import com.litper.agents.config.AgentProperties;
import com.litper.agents.settings.AgentSettings;
import java.util.UUID;

/**
 * What one run is for: its store and conversation, the store's settings as they were when it
 * started, whether it is a try-it run, and the tokens it spent so far.
 *
 * <p><b>{@link #tryIt()}</b>: the run answers a store's staff trying their agent
 * ({@code POST /agents/try-it}), not a buyer. Nothing it does may reach a buyer or change real data:
 * its reply and hand-over are returned to the caller and never sent to chat-service, and every tool
 * that would change something (an order, a delivery) must check this flag and only describe what it
 * would have done. Its orders are the sample the staff described, never a real buyer's.
 *
 * @param runId the run
 * @param storeId the store the run answers for
 * @param conversationId the conversation (chat-service's, or a try-it conversation of the run's own)
 * @param tryIt true for a try-it run: it must change nothing (see above)
 * @param settings the store's agent settings ({@link AgentSettings#allows} for actions, the tone)
 * @param usage the run's token counts, added to by every model call
 */
public record RunContext(UUID runId, UUID storeId, UUID conversationId, boolean tryIt, AgentSettings settings, RunUsage usage) {

    static RunContext buyer(UUID runId, UUID storeId, UUID conversationId, AgentSettings settings) {
        return new RunContext(runId, storeId, conversationId, false, settings, new RunUsage());
    }

    static RunContext tryIt(UUID runId, UUID storeId, UUID conversationId, AgentSettings settings) {
        return new RunContext(runId, storeId, conversationId, true, settings, new RunUsage());
    }

    /** A run's model calls and tokens, as the API's {@code usage} reported them; one run's thread adds to it. */
    public static final class RunUsage {

        private int calls;
        private long input;
        private long output;
        private long cacheRead;
        private long cacheWrite;

        synchronized void add(Usage usage) {
            calls++;
            input += usage.inputTokens();
            output += usage.outputTokens();
            cacheRead += usage.cacheReadInputTokens().orElse(0L);
            cacheWrite += usage.cacheCreationInputTokens().orElse(0L);
        }

        public synchronized int calls() {
            return calls;
        }

        public synchronized long input() {
            return input;
        }

        public synchronized long output() {
            return output;
        }

        public synchronized long cacheRead() {
            return cacheRead;
        }

        public synchronized long cacheWrite() {
            return cacheWrite;
        }

        /** The estimated cost in US dollars at {@code price}; null without a price for the model. */
        public synchronized Double cost(AgentProperties.Price price) {
            if (price == null) {
                return null;
            }
            return (input * price.input() + output * price.output() + cacheRead * price.cacheRead() + cacheWrite * price.cacheWrite())
                    / 1_000_000.0;
        }
    }
}
