package com.litper.tracking.status;

import static com.litper.tracking.status.ShipmentStatus.CANCELLED;
import static com.litper.tracking.status.ShipmentStatus.CREATED;
import static com.litper.tracking.status.ShipmentStatus.DELIVERED;
import static com.litper.tracking.status.ShipmentStatus.EXCEPTION;
import static com.litper.tracking.status.ShipmentStatus.IN_TRANSIT;
import static com.litper.tracking.status.ShipmentStatus.OUT_FOR_DELIVERY;
import static com.litper.tracking.status.ShipmentStatus.PICKED_UP;
import static com.litper.tracking.status.ShipmentStatus.RETURNED;
import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.contracts.NotifyBuyer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The status precedence of docs/carriers.md, case by case. */
class StatusRuleTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant EARLIER = T0.minusSeconds(3600);
    private static final Instant LATER = T0.plusSeconds(3600);

    private static StatusRule.State at(ShipmentStatus status) {
        return new StatusRule.State(status, status, T0);
    }

    @Test
    void forwardMovesApplyAndBackwardOnesDoNot() {
        assertThat(StatusRule.decide(at(CREATED), PICKED_UP, LATER).next().status()).isEqualTo(PICKED_UP);
        // Skipping steps is fine; rank is what counts, even against a skewed carrier clock.
        assertThat(StatusRule.decide(at(CREATED), OUT_FOR_DELIVERY, EARLIER).next().status()).isEqualTo(OUT_FOR_DELIVERY);
        StatusRule.Decision late = StatusRule.decide(at(OUT_FOR_DELIVERY), IN_TRANSIT, LATER);
        assertThat(late.applied()).isFalse();
        assertThat(late.next()).isEqualTo(at(OUT_FOR_DELIVERY));
        assertThat(StatusRule.decide(at(IN_TRANSIT), IN_TRANSIT, LATER).applied()).isFalse();
    }

    @Test
    void finalStatusesAreNeverLeftAndAlwaysTaken() {
        for (ShipmentStatus terminal : new ShipmentStatus[] {DELIVERED, RETURNED, CANCELLED}) {
            for (ShipmentStatus incoming : ShipmentStatus.values()) {
                assertThat(StatusRule.decide(at(terminal), incoming, LATER).applied()).isFalse();
            }
            assertThat(StatusRule.decide(at(IN_TRANSIT), terminal, EARLIER).next().status()).isEqualTo(terminal);
            StatusRule.State exception = new StatusRule.State(EXCEPTION, IN_TRANSIT, T0);
            assertThat(StatusRule.decide(exception, terminal, EARLIER).next().status()).isEqualTo(terminal);
        }
    }

    @Test
    void anExceptionFollowsAnyNonFinalStatusUnlessItIsOlder() {
        StatusRule.Decision novedad = StatusRule.decide(at(OUT_FOR_DELIVERY), EXCEPTION, LATER);
        assertThat(novedad.next()).isEqualTo(new StatusRule.State(EXCEPTION, OUT_FOR_DELIVERY, LATER));
        assertThat(novedad.notification()).isEqualTo(NotifyBuyer.Event.EXCEPTION);
        assertThat(StatusRule.decide(at(CREATED), EXCEPTION, LATER).next().status()).isEqualTo(EXCEPTION);
        assertThat(StatusRule.decide(at(OUT_FOR_DELIVERY), EXCEPTION, EARLIER).applied()).isFalse();
        // A second novedad refreshes the reason but does not message the buyer again.
        StatusRule.Decision again = StatusRule.decide(new StatusRule.State(EXCEPTION, IN_TRANSIT, T0), EXCEPTION, LATER);
        assertThat(again.applied()).isTrue();
        assertThat(again.notification()).isNull();
    }

    @Test
    void aLaterStatusAtLeastAsFarAsBeforeClearsAnException() {
        StatusRule.State exception = new StatusRule.State(EXCEPTION, OUT_FOR_DELIVERY, T0);
        assertThat(StatusRule.decide(exception, OUT_FOR_DELIVERY, LATER).next().status()).isEqualTo(OUT_FOR_DELIVERY);
        assertThat(StatusRule.decide(exception, OUT_FOR_DELIVERY, EARLIER).applied()).isFalse();
        assertThat(StatusRule.decide(exception, IN_TRANSIT, LATER).applied()).isFalse();
        // A late event that is ahead is remembered as progress without clearing the novedad.
        StatusRule.Decision ahead = StatusRule.decide(new StatusRule.State(EXCEPTION, IN_TRANSIT, T0), OUT_FOR_DELIVERY, EARLIER);
        assertThat(ahead.next()).isEqualTo(new StatusRule.State(EXCEPTION, OUT_FOR_DELIVERY, T0));
    }

    @Test
    void theBuyerHearsOfShippingOnceThenOfEachDeliveryStep() {
        assertThat(StatusRule.decide(at(CREATED), PICKED_UP, LATER).notification()).isEqualTo(NotifyBuyer.Event.SHIPPED);
        assertThat(StatusRule.decide(at(CREATED), IN_TRANSIT, LATER).notification()).isEqualTo(NotifyBuyer.Event.SHIPPED);
        assertThat(StatusRule.decide(at(PICKED_UP), IN_TRANSIT, LATER).notification()).isNull();
        assertThat(StatusRule.decide(at(IN_TRANSIT), OUT_FOR_DELIVERY, LATER).notification()).isEqualTo(NotifyBuyer.Event.OUT_FOR_DELIVERY);
        assertThat(StatusRule.decide(at(OUT_FOR_DELIVERY), DELIVERED, LATER).notification()).isEqualTo(NotifyBuyer.Event.DELIVERED);
        assertThat(StatusRule.decide(at(IN_TRANSIT), RETURNED, LATER).notification()).isNull();
        assertThat(StatusRule.decide(at(IN_TRANSIT), CANCELLED, LATER).notification()).isNull();
    }
}
