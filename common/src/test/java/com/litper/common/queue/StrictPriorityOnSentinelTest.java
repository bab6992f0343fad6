package com.litper.common.queue;

/** The same behaviour on a Sentinel-managed master, reached through the sentinels. */
class StrictPriorityOnSentinelTest extends StrictPriorityTest {

    @Override
    protected String redisUrl() {
        return SharedSentinel.url();
    }
}
