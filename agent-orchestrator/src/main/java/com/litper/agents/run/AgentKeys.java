package com.litper.agents.run;

import java.util.UUID;

/**
 * Every Redis key of agent-orchestrator. A conversation's keys share the hash tag
 * {@code {conversation:<id>}}, so on Redis Cluster they live in one slot; the run slots are one key.
 */
final class AgentKeys {

    private AgentKeys() {
    }

    /** ZSET run holder -> lease expiry (ms, Redis time): the cluster-wide run slots. */
    static String slots() {
        return "litper:agents:{runs}:slots";
    }

    /**
     * HASH remaining, reset (epoch ms): the latest reading of one of the Messages API's limits
     * ({@code requests}, {@code input-tokens}, {@code output-tokens}), from any replica's response; and
     * STRING {@code probe} with a TTL, the one call that went before any reading. They share one hash tag so
     * one script reads them.
     */
    static String rateLimit(String limit) {
        return "litper:agents:{ratelimit}:" + limit;
    }

    /** STRING the holding run's token, with a TTL: one run per conversation at a time. */
    static String lock(UUID conversation) {
        return prefix(conversation) + "lock";
    }

    /** ZSET inbound_message JSON -> its time (ms): the buyer's messages no run has answered yet, in order. */
    static String pending(UUID conversation) {
        return prefix(conversation) + "pending";
    }

    /** HASH WhatsApp message id -> 1: every message ever added to {@link #pending}, so none comes back once answered. */
    static String seen(UUID conversation) {
        return prefix(conversation) + "seen";
    }

    /** STRING JSON array of the conversation's latest model messages, with a TTL: the agent's memory. */
    static String memory(UUID conversation) {
        return prefix(conversation) + "memory";
    }

    private static String prefix(UUID conversation) {
        return "litper:agents:{conversation:" + conversation + "}:";
    }
}
