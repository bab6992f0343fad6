package com.litper.chat.conversation;

import static com.litper.chat.conversation.DeliveryStatus.DELIVERED;
import static com.litper.chat.conversation.DeliveryStatus.FAILED;
import static com.litper.chat.conversation.DeliveryStatus.READ;
import static com.litper.chat.conversation.DeliveryStatus.SENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryStatusTest {

    @Test
    void aMessageMovesForwardOnly() {
        assertThat(SENT.follows(null)).isTrue();
        assertThat(DELIVERED.follows(SENT)).isTrue();
        assertThat(READ.follows(SENT)).isTrue();
        assertThat(READ.follows(DELIVERED)).isTrue();
        assertThat(DELIVERED.follows(READ)).isFalse();
        assertThat(SENT.follows(DELIVERED)).isFalse();
        assertThat(READ.follows(READ)).isFalse();
    }

    @Test
    void failedEndsAMessageThatWasOnlySent() {
        assertThat(FAILED.follows(null)).isTrue();
        assertThat(FAILED.follows(SENT)).isTrue();
        assertThat(FAILED.follows(DELIVERED)).isFalse();
        assertThat(FAILED.follows(READ)).isFalse();
        assertThat(DELIVERED.follows(FAILED)).isFalse();
        assertThat(READ.follows(FAILED)).isFalse();
    }

    @Test
    void readsWhatsappNames() {
        assertThat(DeliveryStatus.ofWhatsapp("delivered")).contains(DELIVERED);
        assertThat(DeliveryStatus.ofWhatsapp("deleted")).isEmpty();
        assertThat(DeliveryStatus.ofWhatsapp(null)).isEmpty();
    }
}
