package com.litper.chat.conversation;

import com.litper.common.queue.TaskPriority;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskRequest;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hands buyers' messages to the support agents as HIGH {@code inbound_message} tasks, after the
 * messages are committed. WhatsApp's message id is the de-duplication key, so two deliveries of
 * one message racing each other enqueue one task.
 */
@Component
public class AgentHandoff {

    /** The task type the agents consume; routed by {@code litper.queue.routes.inbound_message}. */
    public static final String TASK_TYPE = "inbound_message";

    private final TaskQueue queue;
    private final MessageStore store;
    private final JsonMapper json;

    AgentHandoff(TaskQueue queue, MessageStore store, JsonMapper json) {
        this.queue = queue;
        this.store = store;
        this.json = json;
    }

    /**
     * Enqueues one task per message and marks them handed off. Throws
     * {@link com.litper.common.queue.QueueUnavailableException} when Redis is unreachable: the
     * messages stay stored and not handed off, and the next delivery of them hands them off.
     */
    public void handOff(List<Handoff> messages) {
        if (messages.isEmpty()) {
            return;
        }
        queue.enqueueAll(messages.stream()
                .map(message -> TaskRequest.of(TASK_TYPE, json.writeValueAsString(message), TaskPriority.HIGH)
                        .deduplicatedBy(dedupKey(message.whatsappMessageId())))
                .toList());
        store.markHandedOff(messages.stream().map(Handoff::whatsappMessageId).toList());
    }

    static String dedupKey(String whatsappMessageId) {
        return "wa-in:" + whatsappMessageId;
    }
}
