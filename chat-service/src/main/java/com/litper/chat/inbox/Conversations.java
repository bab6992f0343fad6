package com.litper.chat.inbox;

import com.litper.chat.config.InboxProperties;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox's changes to conversations, each in the transaction of its cause: a buyer's message
 * (the webhook's transaction) or a person's action. An action locks the conversation, applies one
 * of {@link Conversation}'s transitions and stores it; another store's conversation is a 404 like
 * one that does not exist.
 */
@Component
public class Conversations {

    private final JdbcClient jdbc;
    private final ConversationRows rows;
    private final MessageRows messages;
    private final Agents agents;
    private final Assignment assignment;
    private final InboxEvents events;
    private final ServiceLevelMetrics metrics;
    private final TransactionTemplate transactions;
    private final InboxProperties properties;
    private final Clock clock;

    Conversations(JdbcClient jdbc, ConversationRows rows, MessageRows messages, Agents agents, Assignment assignment, InboxEvents events,
            ServiceLevelMetrics metrics, TransactionTemplate transactions, InboxProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.messages = messages;
        this.agents = agents;
        this.assignment = assignment;
        this.events = events;
        this.metrics = metrics;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * A buyer's message was stored (for the first time) in the conversation: it is unread, the newest
     * activity, and opens the conversation again whatever its status. Runs in the caller's transaction.
     */
    public void received(UUID conversationId, UUID messageId) {
        Instant now = ConversationRows.now(clock);
        Conversation conversation = rows.lock(conversationId)
                .orElseThrow(() -> new IllegalStateException("Conversation " + conversationId + " of message " + messageId + " is gone"));
        conversation.received(now);
        assignIfNeeded(conversation, now);
        rows.save(conversation);
        messages.find(messageId).ifPresent(m -> events.message(m.storeId(), m.conversationId(), m.message()));
        events.conversation(conversation.storeId(), ConversationView.of(conversation, now, properties.serviceWindow()));
    }

    /** A message Litper sent was recorded or completed (its text): the inbox hears of it. Runs in the caller's transaction. */
    public void messageRecorded(UUID messageId) {
        messages.find(messageId).ifPresent(m -> events.message(m.storeId(), m.conversationId(), m.message()));
    }

    /** {@link #messageRecorded(UUID)} by WhatsApp's id of the message. */
    public void messageRecorded(String whatsappMessageId) {
        messages.find(whatsappMessageId).ifPresent(m -> events.message(m.storeId(), m.conversationId(), m.message()));
    }

    /** A message WhatsApp refused for good was recorded ({@code whatsapp_failed}): the inbox hears of it. */
    public void messageFailed(String sendTaskId) {
        messages.findBySendTask(sendTaskId).ifPresent(m -> {
            events.message(m.storeId(), m.conversationId(), m.message());
            // The agent cannot reach the buyer another way (it only writes free text on WhatsApp): a person
            // takes the conversation, the round-robin's choice.
            change(m.storeId(), m.conversationId(), (c, now) -> {
                if (c.controller() == Controller.AI) {
                    c.handOver(now);
                    assignIfNeeded(c, now);
                }
            });
        });
    }

    /** A message's delivery status moved: the inbox hears of it. Runs in the caller's transaction. */
    public void deliveryStatusChanged(UUID messageId) {
        messages.find(messageId).ifPresent(m -> events.messageStatus(m.storeId(), m.conversationId(), m.message()));
    }

    ConversationView markRead(UUID storeId, UUID id) {
        return change(storeId, id, Conversation::markRead);
    }

    /** Assigned to {@code subject}, one of the store's agents, or to nobody (null). */
    ConversationView assign(UUID storeId, UUID id, String subject) {
        return change(storeId, id, (c, now) -> {
            if (subject != null && !agents.isAgent(storeId, subject)) {
                throw new ApiProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "'" + subject + "' is not one of your store's support agents; an agent joins the inbox"
                        + " with PUT /api/chat/agents/me (or by taking a conversation over).");
            }
            c.assign(subject, now);
        });
    }

    /** Assigned to the caller, who becomes one of the store's agents if not yet. */
    ConversationView assignToSelf(UUID storeId, UUID id, String subject) {
        return change(storeId, id, (c, now) -> {
            agents.enrol(storeId, subject);
            c.assign(subject, now);
        });
    }

    ConversationView label(UUID storeId, UUID id, List<String> labels) {
        return change(storeId, id, (c, now) -> c.label(labels));
    }

    ConversationView prioritise(UUID storeId, UUID id, Priority priority) {
        return change(storeId, id, (c, now) -> c.prioritise(priority));
    }

    /** Snoozed until {@code until}, which must be ahead, and at most {@code litper.chat.inbox.max-snooze} ahead. */
    ConversationView snooze(UUID storeId, UUID id, Instant until) {
        Instant now = ConversationRows.now(clock);
        if (!until.isAfter(now)) {
            throw Problems.invalidBody("'until' must be in the future; it was " + until + " and it is now " + now + ".",
                    List.of(Map.of("field", "until", "message", "must be in the future")));
        }
        if (until.isAfter(now.plus(properties.maxSnooze()))) {
            throw Problems.invalidBody("'until' may be at most " + properties.maxSnooze().toDays() + " days ahead.",
                    List.of(Map.of("field", "until", "message", "must be at most " + properties.maxSnooze().toDays() + " days ahead")));
        }
        return change(storeId, id, (c, at) -> c.snooze(until, at));
    }

    ConversationView resolve(UUID storeId, UUID id) {
        return change(storeId, id, (c, now) -> metrics.resolution(c.resolve(now)));
    }

    ConversationView reopen(UUID storeId, UUID id) {
        return change(storeId, id, (c, now) -> {
            c.reopen(now);
            assignIfNeeded(c, now);
        });
    }

    /** {@code subject} takes the conversation over: a person answers the buyer, and it is theirs unless assigned already. */
    ConversationView takeOver(UUID storeId, UUID id, String subject) {
        return change(storeId, id, (c, now) -> {
            agents.enrol(storeId, subject);
            c.takeOver(subject, now);
        });
    }

    /** A person of the team must answer the buyer from now on: the assignee, or whom the round-robin chooses. */
    ConversationView handOver(UUID storeId, UUID id) {
        return change(storeId, id, (c, now) -> {
            c.handOver(now);
            assignIfNeeded(c, now);
        });
    }

    /**
     * The support agent handed the conversation to a person ({@code agent_handover}): a person controls
     * it (the assignee, or the round-robin's choice), and the inbox shows the agent's reason and summary.
     * Joins the caller's transaction.
     */
    public void agentHandedOver(UUID storeId, UUID id, String reason, String summary) {
        change(storeId, id, (c, now) -> {
            c.agentHandedOver(reason, summary, now);
            assignIfNeeded(c, now);
        });
    }

    /**
     * A conversation a person must handle and nobody has goes to the round-robin's choice; with nobody
     * available it stays unassigned. Not after an explicit unassignment: that one is meant.
     */
    private void assignIfNeeded(Conversation conversation, Instant now) {
        if (conversation.needsAssignee()) {
            assignment.next(conversation.storeId(), now).ifPresent(subject -> conversation.assign(subject, now));
        }
    }

    /** The AI agent answers the buyer again. */
    ConversationView handBack(UUID storeId, UUID id) {
        return change(storeId, id, (c, now) -> c.handBack(now));
    }

    /**
     * Opens the snoozed conversations whose time has come, at most {@code limit} of them; answers how
     * many. Conversations another replica is waking at the same moment are skipped, not waited for.
     */
    int wakeSnoozed(int limit) {
        Integer woken = transactions.execute(tx -> {
            Instant now = ConversationRows.now(clock);
            List<UUID> due = jdbc.sql("""
                            SELECT id FROM chat.conversation WHERE status = 'SNOOZED' AND snoozed_until <= :now
                            ORDER BY snoozed_until LIMIT :limit FOR UPDATE SKIP LOCKED""")
                    .param("now", ConversationRows.utc(now)).param("limit", limit).query(UUID.class).list();
            for (UUID id : due) {
                Conversation conversation = rows.lock(id).orElseThrow();
                conversation.wake(now);
                assignIfNeeded(conversation, now);
                rows.save(conversation);
                events.conversation(conversation.storeId(), ConversationView.of(conversation, now, properties.serviceWindow()));
            }
            return due.size();
        });
        return woken == null ? 0 : woken;
    }

    /** One transition of one conversation. */
    @FunctionalInterface
    interface Change {
        void apply(Conversation conversation, Instant now);
    }

    private ConversationView change(UUID storeId, UUID id, Change change) {
        return transactions.execute(tx -> {
            Instant now = ConversationRows.now(clock);
            Conversation conversation = rows.lock(storeId, id).orElseThrow(() -> notFound(id));
            change.apply(conversation, now);
            rows.save(conversation);
            ConversationView view = ConversationView.of(conversation, now, properties.serviceWindow());
            events.conversation(storeId, view);
            return view;
        });
    }

    static ApiProblemException notFound(UUID id) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, "Your store has no conversation " + id + ".");
    }
}
