package com.litper.agents.run;

import com.litper.common.contracts.InboundMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A conversation's buyer messages that no run has answered yet, in the order the buyer sent them
 * (a ZSET scored by WhatsApp's time). Each {@code inbound_message} task adds its message; the run
 * that holds the conversation takes them all and removes what it answered, so a burst is answered
 * once and the tasks of messages answered already find nothing to do.
 */
@Component
class PendingMessages {

    /** Unanswered messages of a conversation nobody runs (every task failed for good) go away after this. */
    private static final Duration KEEP = Duration.ofDays(2);

    /** A pending message with its member in the ZSET, to remove exactly what was taken. */
    record Pending(String member, InboundMessage message) {
    }

    private static final RedisScript<Long> ADD = RunSlots.script("addPending-2.lua");

    private final StringRedisTemplate redis;
    private final JsonMapper json;

    PendingMessages(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** Adds the message unless it was added before (its task runs again after a deferral or a crash); answers whether it was new. */
    boolean add(InboundMessage message) {
        UUID conversation = message.conversationId();
        Long added = redis.execute(ADD, List.of(AgentKeys.pending(conversation), AgentKeys.seen(conversation)), message.whatsappMessageId(),
                json.writeValueAsString(message), Long.toString(message.receivedAt().toEpochMilli()), Long.toString(KEEP.toMillis()));
        return Long.valueOf(1).equals(added);
    }

    /** Oldest first. */
    List<Pending> all(UUID conversation) {
        Set<String> members = redis.opsForZSet().range(AgentKeys.pending(conversation), 0, -1);
        List<Pending> pending = new ArrayList<>();
        if (members != null) {
            for (String member : members) {
                pending.add(new Pending(member, json.readValue(member, InboundMessage.class)));
            }
        }
        return pending;
    }

    /** WhatsApp's time of the newest pending message. */
    Optional<Instant> newest(UUID conversation) {
        Set<ZSetOperations.TypedTuple<String>> newest = redis.opsForZSet().reverseRangeWithScores(AgentKeys.pending(conversation), 0, 0);
        if (newest == null || newest.isEmpty()) {
            return Optional.empty();
        }
        Double score = newest.iterator().next().getScore();
        return score == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(score.longValue()));
    }

    void remove(UUID conversation, List<Pending> answered) {
        if (!answered.isEmpty()) {
            redis.opsForZSet().remove(AgentKeys.pending(conversation), answered.stream().map(Pending::member).toArray());
        }
    }
}
