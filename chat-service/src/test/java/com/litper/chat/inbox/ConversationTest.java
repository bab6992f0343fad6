package com.litper.chat.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The inbox's rules on one conversation, in plain Java with times chosen by the test. */
class ConversationTest {

    private static final Instant T0 = Instant.parse("2026-11-25T15:00:00Z");

    private static Conversation conversation(ConversationStatus status, Controller controller, String assignee) {
        return new Conversation(UUID.randomUUID(), UUID.randomUUID(), "+573001234567", "Ana", T0, T0, status,
                status == ConversationStatus.SNOOZED ? T0.plusSeconds(3600) : null, List.of(), Priority.NORMAL, controller, assignee,
                assignee == null ? null : T0, T0, null, 0, ServiceClocks.stopped());
    }

    @Test
    void aBuyersMessageOpensTheConversationWhateverItsStatusAndCountsAsUnread() {
        for (ConversationStatus status : ConversationStatus.values()) {
            Conversation c = conversation(status, Controller.AI, null);
            c.received(T0.plusSeconds(10));
            assertThat(c.status()).as("from %s", status).isEqualTo(ConversationStatus.OPEN);
            assertThat(c.snoozedUntil()).isNull();
            assertThat(c.unread()).isEqualTo(1);
            assertThat(c.lastMessageAt()).isEqualTo(T0.plusSeconds(10));
        }
        Conversation c = conversation(ConversationStatus.OPEN, Controller.AI, null);
        c.received(T0.plusSeconds(10));
        c.received(T0.plusSeconds(12));
        assertThat(c.unread()).isEqualTo(2);
        assertThat(c.lastMessageAt()).isEqualTo(T0.plusSeconds(12));
        c.markRead(T0.plusSeconds(20));
        assertThat(c.unread()).isZero();
        assertThat(c.lastReadAt()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void takingOverMakesAPersonTheControllerAndTheConversationTheirsUnlessSomeoneHasIt() {
        Conversation free = conversation(ConversationStatus.OPEN, Controller.AI, null);
        free.takeOver("user:ana", T0);
        assertThat(free.controller()).isEqualTo(Controller.HUMAN);
        assertThat(free.assignee()).isEqualTo("user:ana");
        assertThat(free.assignedAt()).isEqualTo(T0);

        Conversation taken = conversation(ConversationStatus.OPEN, Controller.AI, "user:luis");
        taken.takeOver("user:ana", T0);
        assertThat(taken.controller()).isEqualTo(Controller.HUMAN);
        assertThat(taken.assignee()).isEqualTo("user:luis");

        taken.handBack(T0.plusSeconds(5));
        assertThat(taken.controller()).isEqualTo(Controller.AI);
        assertThat(taken.assignee()).as("the assignee stays; unassigning is its own action").isEqualTo("user:luis");
    }

    @Test
    void aHumanReplyTakesControlWaitsForTheBuyerAndReadsTheConversation() {
        Conversation c = conversation(ConversationStatus.OPEN, Controller.AI, null);
        c.received(T0.plusSeconds(1));
        assertThat(c.humanReplied("user:ana", T0.plusSeconds(30))).contains(Duration.ZERO);
        assertThat(c.controller()).isEqualTo(Controller.HUMAN);
        assertThat(c.assignee()).isEqualTo("user:ana");
        assertThat(c.status()).isEqualTo(ConversationStatus.PENDING);
        assertThat(c.unread()).isZero();
        assertThat(c.lastMessageAt()).isEqualTo(T0.plusSeconds(30));
        // Only the first reply measures the first response.
        assertThat(c.humanReplied("user:ana", T0.plusSeconds(40))).isEmpty();
        assertThat(c.needsAssignee()).isFalse();
    }

    @Test
    void theClocksCountOnlyTimeAPersonControlsAnUnresolvedConversation() {
        Conversation c = conversation(ConversationStatus.OPEN, Controller.AI, null);
        c.handOver(T0);                                   // a person controls it from T0
        assertThat(c.needsAssignee()).isTrue();
        c.handBack(T0.plusSeconds(60));                   // 60 s human
        c.takeOver("user:ana", T0.plusSeconds(600));      // the AI's 540 s do not count
        assertThat(c.clocks().humanMillis(T0.plusSeconds(620))).isEqualTo(80_000);
        assertThat(c.humanReplied("user:ana", T0.plusSeconds(630))).contains(Duration.ofSeconds(90));
        assertThat(c.resolve(T0.plusSeconds(700))).contains(Duration.ofSeconds(160));
        assertThat(c.clocks().resolutionMillis()).isEqualTo(160_000);
        assertThat(c.clocks().humanSince()).isNull();
        // Resolving twice measures nothing twice.
        assertThat(c.resolve(T0.plusSeconds(800))).isEmpty();
        assertThat(c.clocks().humanMillis(T0.plusSeconds(5000))).as("stopped while resolved").isEqualTo(160_000);

        // The buyer writes again: a new round, running at once because a person still controls it.
        c.received(T0.plusSeconds(1000));
        assertThat(c.status()).isEqualTo(ConversationStatus.OPEN);
        assertThat(c.clocks().resolutionMillis()).isNull();
        assertThat(c.clocks().firstHumanResponseAt()).isNull();
        assertThat(c.clocks().humanMillis(T0.plusSeconds(1010))).isEqualTo(10_000);
    }

    @Test
    void aConversationOnlyTheAiHandledHasNoResolutionTime() {
        Conversation c = conversation(ConversationStatus.OPEN, Controller.AI, null);
        assertThat(c.resolve(T0.plusSeconds(100))).isEmpty();
        assertThat(c.clocks().resolutionMillis()).isNull();
        assertThat(c.clocks().resolvedAt()).isEqualTo(T0.plusSeconds(100));
    }

    @Test
    void snoozingParksUntilATimeAndWakingOpensAgain() {
        Conversation c = conversation(ConversationStatus.OPEN, Controller.AI, null);
        c.snooze(T0.plusSeconds(3600), T0);
        assertThat(c.status()).isEqualTo(ConversationStatus.SNOOZED);
        assertThat(c.wake(T0.plusSeconds(3599))).isFalse();
        assertThat(c.status()).isEqualTo(ConversationStatus.SNOOZED);
        assertThat(c.wake(T0.plusSeconds(3600))).isTrue();
        assertThat(c.status()).isEqualTo(ConversationStatus.OPEN);
        assertThat(c.snoozedUntil()).isNull();
    }

    @Test
    void theServiceWindowIsOpenForTwentyFourHoursAfterTheBuyersLastMessage() {
        Duration day = Duration.ofHours(24);
        Conversation c = conversation(ConversationStatus.OPEN, Controller.AI, null);
        assertThat(c.windowOpen(T0.plus(day).minusMillis(1), day)).isTrue();
        assertThat(c.windowOpen(T0.plus(day), day)).isFalse();
        Conversation neverWrote = new Conversation(UUID.randomUUID(), UUID.randomUUID(), "+573001234567", null, null, T0,
                ConversationStatus.RESOLVED, null, List.of(), Priority.NORMAL, Controller.AI, null, null, T0, null, 0, ServiceClocks.stopped());
        assertThat(neverWrote.windowOpen(T0, day)).isFalse();
    }
}
