package com.litper.common.queue;

import com.litper.embedded.Slow;

/** The same behaviour on a Sentinel-managed master, reached through the sentinels. */
@Slow
class TimeoutOnSentinelTest extends TimeoutTest {

    @Override
    protected String redisUrl() {
        return SharedSentinel.url();
    }
}
