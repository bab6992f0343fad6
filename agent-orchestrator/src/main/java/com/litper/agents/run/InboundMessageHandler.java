package com.litper.agents.run;

import com.litper.agents.action.ButtonPresses;
import com.litper.agents.config.AgentProperties;
import com.litper.agents.settings.StoreSettings;
import com.litper.common.contracts.AgentHandover;
import com.litper.common.contracts.AgentReply;
import com.litper.common.contracts.InboundMessage;
import com.litper.common.queue.DeferTask;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.Tasks;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs the support agent for a buyer's message ({@code inbound_message}, queue {@code agents}):
 *
 * <ol>
 *   <li>the message joins its conversation's pending messages ({@link PendingMessages});
 *   <li>it waits, deferred in the queue, until the conversation has been quiet for the gathering
 *       window, so a burst is answered together;
 *   <li>it takes the conversation's lock (one run per conversation) and one of the cluster's run slots
 *       ({@link RunSlots}); when either is taken it waits in the queue again ({@link DeferTask}: no
 *       attempt spent, never dropped), and the messages keep their order, being answered oldest first
 *       by whichever run takes them;
 *   <li>the run answers every pending message ({@link SupportAgent}), and its reply and hand-over go to
 *       chat-service as {@code agent_reply} and {@code agent_handover} tasks.
 * </ol>
 *
 * <p>The run's id is derived from the messages it answers, so a task delivered again after a crash
 * repeats the same run id and chat-service sends its reply once. The slot and the lock are renewed
 * while the run lives and expire when its pod dies.
 */
@Component
class InboundMessageHandler implements ContractHandler<InboundMessage>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InboundMessageHandler.class);

    private final PendingMessages pending;
    private final ConversationLocks locks;
    private final RunSlots slots;
    private final SupportAgent agent;
    private final RunRecorder recorder;
    private final StoreSettings settings;
    private final SettingsGate gate;
    private final FinishedRuns finished;
    private final RunMetrics metrics;
    private final Tasks tasks;
    private final AgentProperties properties;
    private final Clock clock;
    private final ButtonPresses presses;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    InboundMessageHandler(PendingMessages pending, ConversationLocks locks, RunSlots slots, SupportAgent agent, RunRecorder recorder,
            RunMetrics metrics, Tasks tasks, AgentProperties properties, Clock clock, ButtonPresses presses, StoreSettings settings,
            SettingsGate gate, FinishedRuns finished) {
        this.presses = presses;
        this.pending = pending;
        this.locks = locks;
        this.slots = slots;
        this.agent = agent;
        this.recorder = recorder;
        this.settings = settings;
        this.gate = gate;
        this.finished = finished;
        this.metrics = metrics;
        this.tasks = tasks;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Class<InboundMessage> contract() {
        return InboundMessage.class;
    }

    @Override
    public void handle(InboundMessage message, Task task) throws InterruptedException {
        if (presses.handle(message)) {
            return; // the press of an action's button: answered without the model
        }
        UUID conversation = message.conversationId();
        pending.add(message);
        Duration quiet = untilQuiet(conversation);
        if (!quiet.isZero() && !quiet.isNegative()) {
            throw new DeferTask(quiet, "gathering the buyer's messages");
        }
        Optional<String> lock = locks.tryLock(conversation);
        if (lock.isEmpty()) {
            throw new DeferTask(busy(), "another run answers this conversation");
        }
        String holder = conversation + ":" + lock.get();
        boolean slot = false;
        try {
            slot = slots.tryAcquire(holder);
            if (!slot) {
                throw new DeferTask(busy(), "all " + properties.maxConcurrentRuns() + " run slots are taken");
            }
            ScheduledFuture<?> renewal = keepAlive(conversation, lock.get(), holder);
            try {
                run(conversation);
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

    private void run(UUID conversation) throws InterruptedException {
        List<PendingMessages.Pending> batch = pending.all(conversation);
        if (batch.isEmpty()) {
            return; // an earlier run answered this message with others
        }
        List<InboundMessage> messages = batch.stream().map(PendingMessages.Pending::message).toList();
        InboundMessage latest = messages.get(messages.size() - 1);
        List<String> wamids = messages.stream().map(InboundMessage::whatsappMessageId).toList();
        UUID runId = UUID.nameUUIDFromBytes((conversation + ":" + String.join(",", wamids)).getBytes(StandardCharsets.UTF_8));
        recorder.started(runId, latest.storeId(), conversation);
        RunContext context = RunContext.buyer(runId, latest.storeId(), conversation, settings.of(latest.storeId()));
        // The store's settings first: agent off or outside its hours, no model call and a person takes the conversation.
        SupportAgent.Outcome outcome = gate.closed(context, messages).orElse(null);
        if (outcome == null) {
            outcome = agent.answer(context, messages);
        }
        // The reply first: chat-service sends a run's own goodbye even when the hand-over arrives before it.
        if (outcome.reply() != null) {
            tasks.send(new AgentReply(conversation, latest.storeId(), outcome.reply(), runId, wamids, clock.instant()));
        }
        outcome.handover().ifPresent(handover -> tasks.send(new AgentHandover(conversation, latest.storeId(), gate.onTheWire(handover.reason()),
                handover.summary(), runId)));
        pending.remove(conversation, batch);
        finished.finished(context, outcome);
        metrics.run(outcome.status());
        log.atInfo().addKeyValue("agent.run_id", runId).addKeyValue("store.id", latest.storeId())
                .log("Agent run {} answered {} message(s) of conversation {}: {}{}", runId, messages.size(), conversation, outcome.status(),
                        outcome.handover().map(h -> ", handed over (" + h.reason() + ")").orElse(""));
    }

    /** How long until the conversation's newest pending message is {@code gather-window} old; at most one window. */
    private Duration untilQuiet(UUID conversation) {
        Instant now = clock.instant();
        Duration window = properties.gatherWindow();
        return pending.newest(conversation)
                .map(newest -> Duration.between(now, newest.plus(window)))
                .map(wait -> wait.compareTo(window) > 0 ? window : wait)
                .orElse(Duration.ZERO);
    }

    private Duration busy() {
        long base = properties.busyRetry().toMillis();
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    /** Renews the slot and the lock every third of their lease while the run lives. */
    private ScheduledFuture<?> keepAlive(UUID conversation, String token, String holder) {
        long every = Math.max(100, properties.slotLease().toMillis() / 3);
        return renewals.scheduleAtFixedRate(() -> {
            try {
                if (!slots.renew(holder) || !locks.renew(conversation, token)) {
                    log.warn("Agent run of conversation {} lost its slot or lock (it outlived their lease)", conversation);
                }
            } catch (RuntimeException e) {
                log.warn("Could not renew the agent run's lease of conversation {}: {}", conversation, e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        renewals.shutdownNow();
    }
}
