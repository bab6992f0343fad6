package com.litper.tracking.lookup;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per client IP in this replica's memory, for while Redis is unreachable. At most
 * {@code maxClients} are kept, least recently used first out, so a flood of addresses during an
 * outage cannot fill the heap; a client pushed out starts again with a full bucket.
 */
final class LocalBuckets {

    private final Bandwidth limit;
    private final Map<String, Bucket> buckets;

    LocalBuckets(Bandwidth limit, int maxClients) {
        this.limit = limit;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    synchronized Bucket of(String clientIp) {
        return buckets.computeIfAbsent(clientIp, ip -> Bucket.builder().addLimit(limit).build());
    }
}
