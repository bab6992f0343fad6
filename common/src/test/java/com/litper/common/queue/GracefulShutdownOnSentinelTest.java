package com.litper.common.queue;

/** The same behaviour on a Sentinel-managed master, reached through the sentinels. */
class GracefulShutdownOnSentinelTest extends GracefulShutdownTest {

    @Override
    protected String redisUrl() {
        return SharedSentinel.url();
    }
}
