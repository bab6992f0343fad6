package com.litper.chat.inbox;

import java.util.UUID;

/**
 * Every Redis key of chat-service's inbox, hash-tagged by store for Redis Cluster: one store's keys
 * share a slot, different stores spread over the cluster.
 */
final class ChatKeys {

    private ChatKeys() {
    }

    /**
     * A store's inbox events, a stream: each entry has {@code type} (the SSE event name) and
     * {@code data} (its JSON); its entry id is the SSE id. Capped with {@code XADD MAXLEN ~}.
     */
    static String events(UUID storeId) {
        return "litper:chat:{" + storeId + "}:events";
    }
}
