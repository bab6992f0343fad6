package com.litper.chat.conversation;

import com.litper.common.outbox.Outbox;
import com.litper.chat.inbox.Conversations;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Conversations and their messages ({@code chat.conversation}, {@code chat.message}).
 *
 * <p>Each entry of a webhook delivery is recorded in one transaction, together with an
 * {@code inbound_message} task per new buyer message in the outbox (common's transactional outbox),
 * so a message is handed to the agents if and only if it is stored, even while Redis is down. Which
 * store a buyer's message belongs to is {@link StoreOfBuyer}'s rule. WhatsApp's message id is
 * unique, so a re-delivered message is stored and handed off once ({@code handed_off_at}).
 */
@Component
public class MessageStore {

    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final StoreOfBuyer stores;
    private final Conversations conversations;

    MessageStore(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, StoreOfBuyer stores, Conversations conversations) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.stores = stores;
        this.conversations = conversations;
    }

    /** A stored message as a status needs it. */
    private record Stored(UUID id, String direction, String status) {
    }

    /**
     * Stores the delivery's messages and applies its statuses; answers the buyers' messages still
     * to hand to the agents. Throws {@link UnknownStoreException} (and stores nothing) when a
     * number has no store.
     */
    public List<com.litper.common.contracts.InboundMessage> record(Notification notification) {
        notification.phoneNumberIds().forEach(stores::requireStore);
        return transactions.execute(tx -> {
            List<com.litper.common.contracts.InboundMessage> handedOff = new ArrayList<>();
            for (InboundMessage message : notification.messages()) {
                receive(message).ifPresent(handedOff::add);
            }
            if (!handedOff.isEmpty()) {
                outbox.addAll(handedOff);
                markHandedOff(handedOff.stream().map(com.litper.common.contracts.InboundMessage::whatsappMessageId).toList());
            }
            for (StatusUpdate status : notification.statuses()) {
                apply(status);
            }
            return handedOff;
        });
    }

    /** What recording a sent message's text did. */
    enum Sent {
        /** The message was not known yet: created, SENT. */
        CREATED("created with its text"),
        /** A status webhook had created it: its text added, its status kept. */
        COMPLETED("text added to the message its status created"),
        /** Its text was already recorded (a repeated task): nothing changed. */
        UNCHANGED("already recorded");

        private final String description;

        Sent(String description) {
            this.description = description;
        }

        String describe() {
            return description;
        }
    }

    /**
     * Records the text of a message Litper sent, in the conversation of the buyer and the store it was
     * sent for (the payload's, else the sending number's store). Throws {@link UnknownStoreException}
     * (and stores nothing) when neither names a store. A message its status webhook created first gets
     * its body, type, conversation and (if WhatsApp's "sent" did not give it) send time; its status is
     * left to the webhooks, which only move it forward.
     */
    Sent recordSent(SentMessage message) {
        UUID storeId = message.storeId() != null ? message.storeId() : stores.storeFor(message.phoneNumberId(), message.to());
        return transactions.execute(tx -> {
            UUID conversationId = conversationOf(storeId, message.to());
            int inserted = jdbc.sql("""
                            INSERT INTO chat.message (id, conversation_id, direction, whatsapp_message_id, type, body, status, status_at,
                                sent_at, send_key)
                            VALUES (:id, :conversation, 'OUTBOUND', :wamid, :type, :body, :status, :at, :at, :sendKey)
                            ON CONFLICT (whatsapp_message_id) DO NOTHING""")
                    .param("id", UUID.randomUUID()).param("conversation", conversationId).param("wamid", message.messageId())
                    .param("sendKey", message.sendKey(), Types.VARCHAR)
                    .param("type", message.type()).param("body", message.body()).param("status", DeliveryStatus.SENT.name())
                    .param("at", utc(message.sentAt()))
                    .update();
            if (inserted == 1) {
                return Sent.CREATED;
            }
            if (message.sendKey() != null) {
                // The send's key tells the outbox's reconciliation that this message came back, whichever row has it.
                jdbc.sql("UPDATE chat.message SET send_key = :sendKey WHERE whatsapp_message_id = :wamid AND send_key IS NULL")
                        .param("sendKey", message.sendKey()).param("wamid", message.messageId()).update();
            }
            // body IS NULL: only a row a status created is filled in; a repeated task changes nothing. The
            // status may have put it in the number's store's conversation: it belongs to the store it was sent for.
            int completed = jdbc.sql("""
                            UPDATE chat.message SET body = :body, type = :type, sent_at = COALESCE(sent_at, :at), conversation_id = :conversation
                            WHERE whatsapp_message_id = :wamid AND direction = 'OUTBOUND' AND body IS NULL""")
                    .param("body", message.body()).param("type", message.type()).param("at", utc(message.sentAt()))
                    .param("conversation", conversationId)
                    .param("wamid", message.messageId())
                    .update();
            return completed == 1 ? Sent.COMPLETED : Sent.UNCHANGED;
        });
    }

    /**
     * Records a message WhatsApp refused for good as a FAILED outbound message with WhatsApp's code
     * and title, in the conversation of the buyer and the store it was for (the payload's, else the
     * sending number's). Answers whether it was new: the send task is unique, so a repeat records
     * nothing. Throws {@link UnknownStoreException} (and stores nothing) when no store is named.
     */
    boolean recordFailed(com.litper.common.contracts.WhatsappFailed failed) {
        UUID storeId = failed.storeId() != null ? failed.storeId() : stores.storeFor(failed.phoneNumberId(), failed.to());
        String body = failed.text() != null ? failed.text() : "template:" + failed.template();
        return Boolean.TRUE.equals(transactions.execute(tx -> jdbc.sql("""
                        INSERT INTO chat.message (id, conversation_id, direction, send_task_id, type, body, status, status_at, error_code,
                            error_title, send_key)
                        VALUES (:id, :conversation, 'OUTBOUND', :task, :type, :body, 'FAILED', :at, :code, :title, :sendKey)
                        ON CONFLICT (send_task_id) DO NOTHING""")
                .param("sendKey", failed.sendKey(), Types.VARCHAR)
                .param("id", UUID.randomUUID()).param("conversation", conversationOf(storeId, failed.to()))
                .param("task", failed.sendTaskId()).param("type", failed.template() == null ? "text" : "template").param("body", body)
                .param("at", utc(failed.failedAt())).param("code", failed.errorCode(), Types.INTEGER)
                .param("title", failed.errorTitle().length() <= 256 ? failed.errorTitle() : failed.errorTitle().substring(0, 256))
                .update() == 1));
    }

    /** Marks messages as handed to the agents, so a later re-delivery does not hand them again. */
    private void markHandedOff(Collection<String> whatsappMessageIds) {
        if (whatsappMessageIds.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE chat.message SET handed_off_at = now() WHERE whatsapp_message_id IN (:ids) AND handed_off_at IS NULL")
                .param("ids", List.copyOf(whatsappMessageIds))
                .update();
    }

    private Optional<com.litper.common.contracts.InboundMessage> receive(InboundMessage message) {
        // Before the message is stored: a buyer's own message does not decide where it belongs.
        UUID storeId = stores.storeFor(message.phoneNumberId(), message.from());
        // GREATEST: a late re-delivery of an older message must not shorten the buyer's service window.
        UUID conversationId = jdbc.sql("""
                        INSERT INTO chat.conversation (id, store_id, buyer_phone, buyer_name, last_inbound_at)
                        VALUES (:id, :store, :phone, :name, :at)
                        ON CONFLICT (store_id, buyer_phone) DO UPDATE
                        SET last_inbound_at = GREATEST(conversation.last_inbound_at, EXCLUDED.last_inbound_at),
                            buyer_name = COALESCE(EXCLUDED.buyer_name, conversation.buyer_name)
                        RETURNING id""")
                .param("id", UUID.randomUUID()).param("store", storeId).param("phone", message.from())
                .param("name", message.name()).param("at", utc(message.sentAt()))
                .query(UUID.class).single();
        UUID messageId = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        INSERT INTO chat.message (id, conversation_id, direction, whatsapp_message_id, type, body, status, sent_at, status_at)
                        VALUES (:id, :conversation, 'INBOUND', :wamid, :type, :body, :status, :at, :at)
                        ON CONFLICT (whatsapp_message_id) DO NOTHING""")
                .param("id", messageId).param("conversation", conversationId).param("wamid", message.whatsappMessageId())
                .param("type", message.type()).param("body", message.text()).param("status", DeliveryStatus.RECEIVED)
                .param("at", utc(message.sentAt()))
                .update();
        if (inserted == 1) {
            conversations.received(conversationId, messageId);
        }
        // While a person controls the conversation the AI stays silent: its messages are not handed to the agents.
        return jdbc.sql("""
                        SELECT m.conversation_id FROM chat.message m JOIN chat.conversation c ON c.id = m.conversation_id
                        WHERE m.whatsapp_message_id = :wamid AND m.direction = 'INBOUND' AND m.handed_off_at IS NULL
                            AND c.controller = 'AI'""")
                .param("wamid", message.whatsappMessageId())
                .query(UUID.class).optional()
                .map(conversation -> new com.litper.common.contracts.InboundMessage(conversation, storeId, message.from(), message.name(), message.text(), message.type(),
                        message.whatsappMessageId(), message.sentAt(), orders(storeId, message.from()), message.buttonId()));
    }

    /**
     * The buyer's latest orders with the store, for the agents' tools: agent-orchestrator reads no
     * other service's tables, so what it may tell the buyer travels with the message.
     */
    private List<com.litper.common.contracts.InboundMessage.Order> orders(UUID storeId, String buyerPhone) {
        return jdbc.sql("""
                        SELECT order_id, last_event, last_reason, tracking_number, carrier_name, last_event_at FROM chat.buyer_order
                        WHERE store_id = :store AND buyer_phone = :phone ORDER BY last_event_at DESC, order_id LIMIT :limit""")
                .param("store", storeId).param("phone", buyerPhone).param("limit", com.litper.common.contracts.InboundMessage.MAX_ORDERS)
                .query((rs, n) -> new com.litper.common.contracts.InboundMessage.Order(rs.getObject("order_id", UUID.class),
                        rs.getString("last_event"), rs.getString("last_reason"), rs.getString("tracking_number"), rs.getString("carrier_name"),
                        rs.getObject("last_event_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    private void apply(StatusUpdate update) {
        Optional<Stored> stored = lock(update.whatsappMessageId());
        if (stored.isEmpty()) {
            if (createOutbound(update)) {
                conversations.messageRecorded(update.whatsappMessageId());
                return;
            }
            // Another delivery created it meanwhile: apply this status on top of that one.
            stored = lock(update.whatsappMessageId());
        }
        Stored message = stored.orElseThrow();
        if (!"OUTBOUND".equals(message.direction())) {
            log.warn("WhatsApp status {} for message {} ignored: that message was received, not sent", update.status(),
                    update.whatsappMessageId());
            return;
        }
        DeliveryStatus current = DeliveryStatus.ofWhatsapp(message.status()).orElse(null);
        if (!update.status().follows(current)) {
            log.info("WhatsApp status {} for message {} ignored: the message is already {}", update.status(), update.whatsappMessageId(),
                    current);
            return;
        }
        boolean failed = update.status() == DeliveryStatus.FAILED;
        jdbc.sql("""
                        UPDATE chat.message SET status = :status, status_at = :at, error_code = :code, error_title = :title,
                            sent_at = COALESCE(sent_at, :sentAt)
                        WHERE id = :id""")
                .param("status", update.status().name()).param("at", utc(update.at()))
                .param("code", failed ? update.errorCode() : null, Types.INTEGER)
                .param("title", failed ? update.errorTitle() : null, Types.VARCHAR)
                .param("sentAt", update.status() == DeliveryStatus.SENT ? utc(update.at()) : null, Types.TIMESTAMP_WITH_TIMEZONE)
                .param("id", message.id())
                .update();
        conversations.deliveryStatusChanged(message.id());
    }

    private Optional<Stored> lock(String whatsappMessageId) {
        // Locked: two statuses of one message applied at once would both read the old status.
        return jdbc.sql("SELECT id, direction, status FROM chat.message WHERE whatsapp_message_id = :wamid FOR UPDATE")
                .param("wamid", whatsappMessageId)
                .query((rs, n) -> new Stored(rs.getObject("id", UUID.class), rs.getString("direction"), rs.getString("status")))
                .optional();
    }

    /**
     * The first news of a message Litper sent may be its status: worker-service sends without writing
     * chat's tables, so the message is created here, its text unknown until its {@code whatsapp_sent}
     * task fills it in ({@link #recordSent}), in the buyer's conversation.
     */
    private boolean createOutbound(StatusUpdate update) {
        UUID conversationId = conversationOf(stores.storeFor(update.phoneNumberId(), update.recipient()), update.recipient());
        boolean failed = update.status() == DeliveryStatus.FAILED;
        int inserted = jdbc.sql("""
                        INSERT INTO chat.message (id, conversation_id, direction, whatsapp_message_id, body, status, status_at, sent_at,
                            error_code, error_title)
                        VALUES (:id, :conversation, 'OUTBOUND', :wamid, NULL, :status, :at, :sentAt, :code, :title)
                        ON CONFLICT (whatsapp_message_id) DO NOTHING""")
                .param("id", UUID.randomUUID()).param("conversation", conversationId).param("wamid", update.whatsappMessageId())
                .param("status", update.status().name()).param("at", utc(update.at()))
                .param("sentAt", update.status() == DeliveryStatus.SENT ? utc(update.at()) : null, Types.TIMESTAMP_WITH_TIMEZONE)
                .param("code", failed ? update.errorCode() : null, Types.INTEGER)
                .param("title", failed ? update.errorTitle() : null, Types.VARCHAR)
                .update();
        return inserted == 1;
    }

    /**
     * The conversation of a store and buyer for a message Litper sent, created if needed without
     * touching {@code last_inbound_at}: a message sent does not open the buyer's service window.
     */
    private UUID conversationOf(UUID storeId, String buyerPhone) {
        // The no-op update makes RETURNING answer the existing conversation too.
        return jdbc.sql("""
                        INSERT INTO chat.conversation (id, store_id, buyer_phone) VALUES (:id, :store, :phone)
                        ON CONFLICT (store_id, buyer_phone) DO UPDATE SET buyer_phone = EXCLUDED.buyer_phone
                        RETURNING id""")
                .param("id", UUID.randomUUID()).param("store", storeId).param("phone", buyerPhone)
                .query(UUID.class).single();
    }

    private static OffsetDateTime utc(Instant time) {
        return time == null ? null : OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }
}
