package com.litper.agents.run;

import com.litper.agents.config.AgentProperties;
import com.litper.agents.settings.AgentSettings;
import com.litper.agents.settings.StoreSettings;
import com.litper.agents.transcripts.RunViews;
import com.litper.common.contracts.InboundMessage;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A store's staff talk to their agent without WhatsApp ({@code POST /agents/try-it}): the same
 * {@link SupportAgent}, the store's tone, the cluster's cap ({@link RunSlots}) and the run's deadline,
 * with a sample buyer the staff describe (name and orders). The run is a {@linkplain RunContext#tryIt()
 * try-it run}: its reply and hand-over are answered to the caller and never sent to chat-service (no
 * {@code agent_reply}, no {@code agent_handover}, nothing in the inbox), it is recorded as try-it, and
 * it never counts in outcomes. The agent's on/off switch and working hours do not apply, so a store can
 * try its agent before switching it on; the answer says whether a buyer would have been answered now.
 */
@Component
class TryIt implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TryIt.class);

    private final ConversationLocks locks;
    private final RunSlots slots;
    private final SupportAgent agent;
    private final RunRecorder recorder;
    private final FinishedRuns finished;
    private final StoreSettings settings;
    private final RunViews views;
    private final JdbcClient jdbc;
    private final AgentProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-try-it-renewal");
        thread.setDaemon(true);
        return thread;
    });

    TryIt(ConversationLocks locks, RunSlots slots, SupportAgent agent, RunRecorder recorder, FinishedRuns finished, StoreSettings settings,
            RunViews views, JdbcClient jdbc, AgentProperties properties, Clock clock) {
        this.locks = locks;
        this.slots = slots;
        this.agent = agent;
        this.recorder = recorder;
        this.finished = finished;
        this.settings = settings;
        this.views = views;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** The sample buyer of a try-it message: a WhatsApp name and up to 5 orders. */
    record SampleBuyer(String name, List<InboundMessage.Order> orders) {
    }

    /** What the staff get back. */
    record Answer(UUID runId, UUID conversationId, String reply, RunViews.Handover handover, boolean agentEnabled,
            boolean withinWorkingHours, RunViews.RunDetail run) {
    }

    /** Whether {@code conversation} is a try-it conversation of {@code store} (so one may continue it). */
    boolean isTryItConversation(UUID store, UUID conversation) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM agents.agent_run WHERE conversation_id = :conversation AND store_id = :store AND try_it)")
                .param("conversation", conversation).param("store", store).query(Boolean.class).single();
    }

    Answer answer(UUID store, UUID conversation, String text, SampleBuyer buyer) throws InterruptedException {
        Optional<String> lock = locks.tryLock(conversation);
        if (lock.isEmpty()) {
            throw new ApiProblemException(HttpStatus.CONFLICT, "The agent is still answering an earlier message of try-it conversation "
                    + conversation + "; send the next one when it has answered.");
        }
        String holder = "try-it:" + conversation + ":" + lock.get();
        boolean slot = false;
        try {
            slot = slots.tryAcquire(holder);
            if (!slot) {
                var problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "All " + properties.maxConcurrentRuns()
                        + " agent run slots of the cluster are taken by buyers' conversations; try again in a few seconds.");
                throw new ApiProblemException(problem, Map.of(HttpHeaders.RETRY_AFTER, "2"));
            }
            ScheduledFuture<?> renewal = keepAlive(conversation, lock.get(), holder);
            try {
                return run(store, conversation, text, buyer);
            } finally {
                renewal.cancel(false);
            }
        } finally {
            if (slot) {
                slots.release(holder);
            }
            locks.release(conversation, lock.get());
        }
    }

    private Answer run(UUID store, UUID conversation, String text, SampleBuyer buyer) throws InterruptedException {
        UUID runId = UUID.randomUUID();
        Instant now = clock.instant();
        AgentSettings storeSettings = settings.of(store);
        RunContext context = RunContext.tryIt(runId, store, conversation, storeSettings);
        // A message as chat-service would hand it over, from nobody's phone: the try-it run answers the caller only.
        InboundMessage message = new InboundMessage(conversation, store, "try-it", buyer.name(), text, "text", "try-it." + runId, now,
                buyer.orders());
        recorder.startedTryIt(runId, store, conversation);
        SupportAgent.Outcome outcome = agent.answer(context, List.of(message));
        finished.finished(context, outcome);
        log.atInfo().addKeyValue("agent.run_id", runId).addKeyValue("store.id", store)
                .log("Try-it run {} of conversation {}: {}", runId, conversation, outcome.status());
        RunViews.RunDetail detail = views.run(store, runId).orElseThrow();
        return new Answer(runId, conversation, outcome.reply(),
                outcome.handover().map(h -> new RunViews.Handover(h.reason().name(), h.summary())).orElse(null),
                storeSettings.enabled(), storeSettings.withinHours(now), detail);
    }

    private ScheduledFuture<?> keepAlive(UUID conversation, String token, String holder) {
        long every = Math.max(100, properties.slotLease().toMillis() / 3);
        return renewals.scheduleAtFixedRate(() -> {
            try {
                if (!slots.renew(holder) || !locks.renew(conversation, token)) {
                    log.warn("Try-it run of conversation {} lost its slot or lock (it outlived their lease)", conversation);
                }
            } catch (RuntimeException e) {
                log.warn("Could not renew the try-it run's lease of conversation {}: {}", conversation, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        renewals.shutdownNow();
    }
}
