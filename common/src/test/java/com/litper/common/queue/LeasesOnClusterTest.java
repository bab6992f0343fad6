package com.litper.common.queue;

/** The same behaviour on a three-master Redis Cluster: each test's named queue lands in its own slot. */
class LeasesOnClusterTest extends LeasesTest {

    @Override
    protected RedisConnector connect() {
        return SharedCluster.connect();
    }
}
