package com.litper.chat.conversation;

import com.litper.common.outbox.ReconciledTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A message to a buyer still unanswered after {@code litper.reconcile.after} — neither
 * {@code whatsapp_sent} nor {@code whatsapp_failed} came back — has its {@code send_whatsapp}
 * dispatched again from the outbox (common's {@code OutboxReconciler}, docs/queue.md): Redis
 * may have lost the task, or its answer, in a failover. A reply written in the inbox is unanswered
 * while its message is PENDING; any other message while no message carries the send's key
 * ({@code chat.message.send_key}). The re-dispatch never sends the buyer the message twice when the
 * first task did send it: worker-service records each sent message under the send's key and then
 * only tells the owners again. Sends without a key are not reconciled.
 */
@Configuration(proxyBeanMethods = false)
class OutboundMessageReconciliation {

    @Bean
    ReconciledTask sendWhatsappReconciled() {
        return new ReconciledTask("send_whatsapp", """
                CASE WHEN o.payload->>'chatMessageId' IS NOT NULL
                    THEN EXISTS (SELECT 1 FROM chat.message m WHERE m.id = (o.payload->>'chatMessageId')::uuid AND m.status = 'PENDING')
                    ELSE o.dedup_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chat.message m WHERE m.send_key = o.dedup_key)
                END""");
    }
}
