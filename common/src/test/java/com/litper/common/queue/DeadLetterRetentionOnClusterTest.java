package com.litper.common.queue;

import com.litper.embedded.Slow;

/** The same behaviour on a three-master Redis Cluster: each test's named queue lands in its own slot. */
@Slow
class DeadLetterRetentionOnClusterTest extends DeadLetterRetentionTest {

    @Override
    protected RedisConnector connect() {
        return SharedCluster.connect();
    }
}
