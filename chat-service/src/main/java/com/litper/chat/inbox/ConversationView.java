package com.litper.chat.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as the inbox shows it.
 *
 * @param id the conversation
 * @param buyerPhone the buyer's number, E.164
 * @param buyerName the buyer's WhatsApp profile name, or null
 * @param status OPEN, PENDING, SNOOZED or RESOLVED
 * @param snoozedUntil when a snoozed conversation opens again, else null
 * @param labels the team's labels, lower case
 * @param priority LOW, NORMAL, HIGH or URGENT
 * @param controller who answers the buyer: AI or HUMAN
 * @param assignee the support agent it is assigned to (their token subject), or null
 * @param assignedAt since when, or null
 * @param unread buyer messages since it was last marked read
 * @param lastMessageAt the latest activity, the list's order
 * @param lastReadAt when it was last marked read, or null
 * @param lastInboundAt the buyer's latest message, or null when the buyer never wrote
 * @param serviceWindowOpen whether free text may be sent now (the buyer wrote less than 24 hours ago)
 * @param serviceWindowClosesAt when the current window closes (or closed), null when the buyer never wrote
 * @param createdAt when the conversation began
 * @param serviceLevel the service-level clocks
 * @param handover why the support agent handed the conversation to a person (its last hand-over), or
 *     null when it did not, or control went back to the AI since
 */
public record ConversationView(UUID id, String buyerPhone, String buyerName, ConversationStatus status, Instant snoozedUntil,
        List<String> labels, Priority priority, Controller controller, String assignee, Instant assignedAt, int unread,
        Instant lastMessageAt, Instant lastReadAt, Instant lastInboundAt, boolean serviceWindowOpen, Instant serviceWindowClosesAt,
        Instant createdAt, ServiceLevel serviceLevel, Handover handover) {

    /**
     * The support agent's hand-over, for the person who takes the conversation.
     *
     * @param reason {@code BUYER_ASKED}, {@code OUT_OF_SCOPE}, {@code COMPLAINT}, {@code AGENT_UNAVAILABLE},
     *     {@code DEADLINE}, {@code TOO_MANY_TURNS}, {@code AGENT_OFF} or {@code OUTSIDE_HOURS}
     * @param summary what the buyer wants, in the agent's words
     * @param at when it was handed over
     */
    public record Handover(String reason, String summary, Instant at) {
    }

    /**
     * The service-level clocks, counted only while a person controls the conversation and it is not
     * resolved; they start again when a resolved conversation reopens.
     *
     * @param humanSince since when a person controls it, while the clocks run; null when they stand still
     * @param humanSeconds human time so far in this round, the running stretch included
     * @param firstHumanResponseAt a person's first reply in this round, or null
     * @param firstResponseSeconds human time until that reply, or null
     * @param resolvedAt when it was resolved, or null
     * @param resolutionSeconds human time until the resolution, or null (not resolved, or no person handled it)
     */
    public record ServiceLevel(Instant humanSince, double humanSeconds, Instant firstHumanResponseAt, Double firstResponseSeconds,
            Instant resolvedAt, Double resolutionSeconds) {
    }

    static ConversationView of(Conversation c, Instant now, Duration serviceWindow) {
        ServiceClocks clocks = c.clocks();
        ServiceLevel serviceLevel = new ServiceLevel(clocks.humanSince(), seconds(clocks.humanMillis(now)), clocks.firstHumanResponseAt(),
                seconds(clocks.firstResponseMillis()), clocks.resolvedAt(), seconds(clocks.resolutionMillis()));
        return new ConversationView(c.id(), c.buyerPhone(), c.buyerName(), c.status(), c.snoozedUntil(), c.labels(), c.priority(),
                c.controller(), c.assignee(), c.assignedAt(), c.unread(), c.lastMessageAt(), c.lastReadAt(), c.lastInboundAt(),
                c.windowOpen(now, serviceWindow), c.lastInboundAt() == null ? null : c.lastInboundAt().plus(serviceWindow), c.createdAt(),
                serviceLevel, c.handover() == null ? null : new Handover(c.handover().reason(), c.handover().summary(), c.handover().at()));
    }

    private static Double seconds(Long millis) {
        return millis == null ? null : millis / 1000.0;
    }
}
