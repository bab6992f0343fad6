package com.litper.common.queue;

import com.litper.embedded.Slow;

/** The same behaviour on a three-master Redis Cluster: the waiters set shares its queue's slot, and a push is published cluster-wide. */
@Slow
class CriticalSlotOnClusterTest extends CriticalSlotTest {

    @Override
    protected RedisConnector connect() {
        return SharedCluster.connect();
    }
}
