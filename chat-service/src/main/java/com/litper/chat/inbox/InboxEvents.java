package com.litper.chat.inbox;

import com.litper.chat.config.EventsProperties;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the inbox's live updates to the store's Redis stream ({@link ChatKeys#events}), which
 * {@link EventStreams} serves as Server-Sent Events on every replica.
 *
 * <p>An event is written only after its transaction commits, so no client hears of a change that
 * did not happen; its data is taken inside the transaction, as committed. Writing happens on one
 * background thread, in commit order: a request or a webhook never waits for Redis, and while Redis
 * is unreachable events are dropped (logged), never the change. Events are hints to refresh: the
 * API stays the truth, and a client that missed events is told to reload ({@code reset}).
 */
@Component
class InboxEvents implements DisposableBean {

    /** SSE event names. */
    static final String MESSAGE = "message";
    static final String MESSAGE_STATUS = "message_status";
    static final String CONVERSATION = "conversation";

    private static final Logger log = LoggerFactory.getLogger(InboxEvents.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final EventsProperties properties;
    private final ThreadPoolExecutor writer;

    InboxEvents(StringRedisTemplate redis, JsonMapper json, EventsProperties properties) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        // One thread keeps the commit order; the bounded queue sheds events, not memory, while Redis is away.
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(10_000), runnable -> {
            Thread thread = new Thread(runnable, "chat-events-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A message's event.
     *
     * @param conversationId its conversation
     * @param message the message as the conversation shows it
     */
    record MessageEvent(UUID conversationId, MessageView message) {
    }

    /** A message was added to a conversation (the buyer's, or a reply). */
    void message(UUID storeId, UUID conversationId, MessageView message) {
        publish(storeId, MESSAGE, new MessageEvent(conversationId, message));
    }

    /** A message's delivery status changed (or a reply got WhatsApp's id). */
    void messageStatus(UUID storeId, UUID conversationId, MessageView message) {
        publish(storeId, MESSAGE_STATUS, new MessageEvent(conversationId, message));
    }

    /** A conversation changed: status, assignee, controller, labels, priority, unread, activity. */
    void conversation(UUID storeId, ConversationView conversation) {
        publish(storeId, CONVERSATION, conversation);
    }

    /** Writes {@code data} as the store's next event once the current transaction commits (at once without one). */
    void publish(UUID storeId, String type, Object data) {
        String text = json.writeValueAsString(data);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    write(storeId, type, text);
                }
            });
        } else {
            write(storeId, type, text);
        }
    }

    private void write(UUID storeId, String type, String data) {
        try {
            writer.execute(() -> {
                try {
                    redis.opsForStream().add(StreamRecords.newRecord().in(ChatKeys.events(storeId)).ofStrings(Map.of("type", type, "data", data)),
                            XAddOptions.maxlen(properties.maxLength()).approximateTrimming(true));
                } catch (RuntimeException e) {
                    log.warn("Inbox event {} of store {} not published (clients reload when they reconnect): {}", type, storeId,
                            e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            log.warn("Inbox event {} of store {} dropped: {} events wait for Redis already", type, storeId, writer.getQueue().size());
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        writer.shutdown();
        writer.awaitTermination(5, TimeUnit.SECONDS);
    }
}
