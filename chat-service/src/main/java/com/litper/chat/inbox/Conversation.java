package com.litper.chat.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One conversation as the inbox sees it, and the rules that move it (docs/chat.md): statuses, the
 * one controller (AI or a person), the assignee, unread messages and the service-level clocks.
 * Plain Java; {@link Conversations} loads it locked, applies a transition and stores it.
 */
final class Conversation {

    private final UUID id;
    private final UUID storeId;
    private final String buyerPhone;
    private final String buyerName;
    private final Instant lastInboundAt;
    private final Instant createdAt;
    private ConversationStatus status;
    private Instant snoozedUntil;
    private List<String> labels;
    private Priority priority;
    private Controller controller;
    private String assignee;
    private Instant assignedAt;
    private Instant lastMessageAt;
    private Instant lastReadAt;
    private int unread;
    private final ServiceClocks clocks;
    private Handover handover;

    /**
     * Why the support agent last handed the conversation to a person, for the person who takes it.
     *
     * @param reason the agent's reason ({@code BUYER_ASKED}, {@code OUT_OF_SCOPE}, {@code AGENT_UNAVAILABLE}, …)
     * @param summary what the buyer wants, in the agent's words
     * @param at when it was handed over
     */
    record Handover(String reason, String summary, Instant at) {
    }

    Conversation(UUID id, UUID storeId, String buyerPhone, String buyerName, Instant lastInboundAt, Instant createdAt,
            ConversationStatus status, Instant snoozedUntil, List<String> labels, Priority priority, Controller controller, String assignee,
            Instant assignedAt, Instant lastMessageAt, Instant lastReadAt, int unread, ServiceClocks clocks) {
        this.id = id;
        this.storeId = storeId;
        this.buyerPhone = buyerPhone;
        this.buyerName = buyerName;
        this.lastInboundAt = lastInboundAt;
        this.createdAt = createdAt;
        this.status = status;
        this.snoozedUntil = snoozedUntil;
        this.labels = List.copyOf(labels);
        this.priority = priority;
        this.controller = controller;
        this.assignee = assignee;
        this.assignedAt = assignedAt;
        this.lastMessageAt = lastMessageAt;
        this.lastReadAt = lastReadAt;
        this.unread = unread;
        this.clocks = clocks;
    }

    Conversation(UUID id, UUID storeId, String buyerPhone, String buyerName, Instant lastInboundAt, Instant createdAt,
            ConversationStatus status, Instant snoozedUntil, List<String> labels, Priority priority, Controller controller, String assignee,
            Instant assignedAt, Instant lastMessageAt, Instant lastReadAt, int unread, ServiceClocks clocks, Handover handover) {
        this(id, storeId, buyerPhone, buyerName, lastInboundAt, createdAt, status, snoozedUntil, labels, priority, controller, assignee,
                assignedAt, lastMessageAt, lastReadAt, unread, clocks);
        this.handover = handover;
    }

    // ---- transitions ----

    /**
     * The buyer wrote (a message not seen before): unread, the newest activity (by its arrival, so the
     * inbox's order never goes back), and open again whatever it was.
     */
    void received(Instant now) {
        unread++;
        touched(now);
        reopen(now);
    }

    /** Someone read it: nothing unread. */
    void markRead(Instant now) {
        unread = 0;
        lastReadAt = now;
    }

    /** Assigned to {@code subject}, or to nobody (null). */
    void assign(String subject, Instant now) {
        if (Objects.equals(subject, assignee)) {
            return;
        }
        assignee = subject;
        assignedAt = subject == null ? null : now;
    }

    void label(List<String> newLabels) {
        labels = List.copyOf(newLabels);
    }

    void prioritise(Priority newPriority) {
        priority = newPriority;
    }

    /** Parked until {@code until}; a resolved conversation is reopened to be parked. */
    void snooze(Instant until, Instant now) {
        if (status == ConversationStatus.RESOLVED) {
            reopen(now);
        }
        status = ConversationStatus.SNOOZED;
        snoozedUntil = until;
    }

    /** A snoozed conversation whose time came is open again; answers whether it was woken. */
    boolean wake(Instant now) {
        if (status != ConversationStatus.SNOOZED || snoozedUntil.isAfter(now)) {
            return false;
        }
        reopen(now);
        return true;
    }

    /** Resolved; answers the human time it took, when a person handled it (for the resolution metric). */
    Optional<Duration> resolve(Instant now) {
        if (status == ConversationStatus.RESOLVED) {
            return Optional.empty();
        }
        status = ConversationStatus.RESOLVED;
        snoozedUntil = null;
        return clocks.resolved(now);
    }

    /** Open again, from any status; a resolved conversation starts a new round of the service-level clocks. */
    void reopen(Instant now) {
        if (status == ConversationStatus.RESOLVED) {
            clocks.restart();
        }
        status = ConversationStatus.OPEN;
        snoozedUntil = null;
        if (controller == Controller.HUMAN) {
            clocks.start(now);
        }
    }

    /** {@code subject} takes the conversation over: a person controls it, and it is theirs unless someone has it already. */
    void takeOver(String subject, Instant now) {
        handOver(now);
        if (assignee == null) {
            assign(subject, now);
        }
    }

    /** A person must handle it from now on (who: the assignee, or the round-robin's choice when there is none). */
    void handOver(Instant now) {
        controller = Controller.HUMAN;
        if (status == ConversationStatus.RESOLVED) {
            reopen(now);
        } else {
            clocks.start(now);
        }
    }

    /** The AI agent answers the buyer again; the service-level clocks stop, and the agent's last hand-over is history. */
    void handBack(Instant now) {
        controller = Controller.AI;
        clocks.stop(now);
        handover = null;
    }

    /** The support agent handed the conversation to a person, saying why: a person controls it, and the inbox shows the reason. */
    void agentHandedOver(String reason, String summary, Instant now) {
        handOver(now);
        handover = new Handover(reason, summary, now);
    }

    /**
     * The support agent answered the buyer (while it controls the conversation): it waits for the buyer,
     * and it is the newest activity. Unread messages stay unread: no person read them.
     */
    void agentReplied(Instant now) {
        if (status == ConversationStatus.OPEN) {
            status = ConversationStatus.PENDING;
        }
        touched(now);
    }

    /**
     * {@code subject} replied to the buyer: a person controls the conversation (the AI stays silent), it
     * waits for the buyer, and the replier has read it. Answers the time to the first human response,
     * when this is the first reply since the conversation (re)opened.
     */
    Optional<Duration> humanReplied(String subject, Instant now) {
        takeOver(subject, now);
        Optional<Duration> firstResponse = clocks.replied(now);
        status = ConversationStatus.PENDING;
        snoozedUntil = null;
        touched(now);
        markRead(now);
        return firstResponse;
    }

    private void touched(Instant now) {
        if (now.isAfter(lastMessageAt)) {
            lastMessageAt = now;
        }
    }

    /** A person must handle it and nobody has it: the round-robin's turn. */
    boolean needsAssignee() {
        return controller == Controller.HUMAN && assignee == null && status != ConversationStatus.RESOLVED;
    }

    /** Whether the buyer's 24-hour customer-service window is open at {@code now}: free text is allowed. */
    boolean windowOpen(Instant now, Duration window) {
        return lastInboundAt != null && Duration.between(lastInboundAt, now).compareTo(window) < 0;
    }

    // ---- state ----

    UUID id() {
        return id;
    }

    UUID storeId() {
        return storeId;
    }

    String buyerPhone() {
        return buyerPhone;
    }

    String buyerName() {
        return buyerName;
    }

    Instant lastInboundAt() {
        return lastInboundAt;
    }

    Instant createdAt() {
        return createdAt;
    }

    ConversationStatus status() {
        return status;
    }

    Instant snoozedUntil() {
        return snoozedUntil;
    }

    List<String> labels() {
        return labels;
    }

    Priority priority() {
        return priority;
    }

    Controller controller() {
        return controller;
    }

    String assignee() {
        return assignee;
    }

    Instant assignedAt() {
        return assignedAt;
    }

    Instant lastMessageAt() {
        return lastMessageAt;
    }

    Instant lastReadAt() {
        return lastReadAt;
    }

    int unread() {
        return unread;
    }

    ServiceClocks clocks() {
        return clocks;
    }

    /** The agent's last hand-over while a person controls it, or null. */
    Handover handover() {
        return handover;
    }
}
