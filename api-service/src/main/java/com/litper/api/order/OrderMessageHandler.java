package com.litper.api.order;

import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.contracts.OrderMessage;
import com.litper.common.task.ContractHandler;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records {@code order_message}: a WhatsApp message the buyer was sent about the order. WhatsApp's
 * message id is the key, so a repeated task records nothing new. A message about an order
 * api-service does not have fails permanently.
 */
@Component
class OrderMessageHandler implements ContractHandler<OrderMessage> {

    private final JdbcClient jdbc;

    OrderMessageHandler(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Class<OrderMessage> contract() {
        return OrderMessage.class;
    }

    @Override
    public void handle(OrderMessage message, Task task) {
        // One statement: the message is inserted only if its order exists, and a repeat inserts nothing.
        int inserted = jdbc.sql("""
                        INSERT INTO api.order_message (message_id, order_id, recipient, template, language, text, status, sent_at)
                        SELECT :messageId, o.id, :to, :template, :language, :text, :status, :sentAt FROM api.orders o WHERE o.id = :order
                        ON CONFLICT (message_id) DO NOTHING""")
                .param("messageId", message.messageId()).param("order", message.orderId()).param("to", message.to())
                .param("template", message.template()).param("language", message.language()).param("text", message.text())
                .param("status", message.status()).param("sentAt", OffsetDateTime.ofInstant(message.sentAt(), ZoneOffset.UTC))
                .update();
        if (inserted == 0 && !orderExists(message)) {
            throw new PermanentTaskFailure("order_message " + message.messageId() + " for unknown order " + message.orderId());
        }
    }

    private boolean orderExists(OrderMessage message) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM api.orders WHERE id = :order)").param("order", message.orderId())
                .query(Boolean.class).single();
    }
}
