package com.litper.agents.run;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.MessageParam;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.litper.agents.config.AgentProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What the agent remembers of a conversation between runs: its latest model messages (the buyer's
 * turns, the agent's answers, tool uses with their results) in Redis, for {@code memory-ttl}.
 *
 * <p>Kept here rather than rebuilt from the task: an {@code inbound_message} carries only the buyer's
 * new message, and chat-service (whose tables agent-orchestrator may not read) keeps neither the tool
 * calls nor the results the answers were built on. Orders are not remembered as facts to trust: each
 * run's {@code buyer_orders} answers from the newest snapshot.
 *
 * <p>Trimmed to the latest {@code memory-messages}, cut only where a buyer's turn begins, so a tool use
 * and its result are always kept or dropped together and the messages still start with the user's.
 */
@Component
class ConversationMemory {

    private static final Logger log = LoggerFactory.getLogger(ConversationMemory.class);

    private final StringRedisTemplate redis;
    private final AgentProperties properties;

    ConversationMemory(StringRedisTemplate redis, AgentProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    List<MessageParam> load(UUID conversation) {
        String stored = redis.opsForValue().get(AgentKeys.memory(conversation));
        if (stored == null) {
            return List.of();
        }
        try {
            return ObjectMappers.jsonMapper().readValue(stored, new TypeReference<List<MessageParam>>() { });
        } catch (JsonProcessingException | RuntimeException e) {
            // A memory this release cannot read (written by another one) is forgotten, not fatal.
            log.warn("Memory of conversation {} unreadable, starting afresh: {}", conversation, e.getMessage());
            return List.of();
        }
    }

    void save(UUID conversation, List<MessageParam> messages) {
        List<MessageParam> kept = trim(messages, properties.memoryMessages());
        try {
            redis.opsForValue().set(AgentKeys.memory(conversation), ObjectMappers.jsonMapper().writeValueAsString(kept), properties.memoryTtl());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Memory of conversation " + conversation + " could not be written", e);
        }
    }

    /**
     * The latest messages, at most {@code max}, starting at a buyer's turn (a user message without tool
     * results): never a tool result without its tool use, never an assistant message first.
     */
    static List<MessageParam> trim(List<MessageParam> messages, int max) {
        int from = Math.max(0, messages.size() - max);
        while (from < messages.size() && !startsATurn(messages.get(from))) {
            from++;
        }
        return new ArrayList<>(messages.subList(from, messages.size()));
    }

    static boolean startsATurn(MessageParam message) {
        if (!message.isUser()) {
            return false;
        }
        return message.content().contentBlockParams().map(blocks -> blocks.stream().noneMatch(ContentBlockParam::isToolResult)).orElse(true);
    }
}
