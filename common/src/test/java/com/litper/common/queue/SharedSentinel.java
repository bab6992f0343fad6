package com.litper.common.queue;

import com.litper.embedded.LocalRedisSentinel;

/**
 * One Sentinel topology (master, replica, three sentinels) shared by the behaviour tests that run
 * again on Sentinel; nothing kills its master. Stopped when the test JVM exits.
 */
final class SharedSentinel {

    private static LocalRedisSentinel topology;

    private SharedSentinel() {
    }

    static synchronized String url() {
        if (topology == null) {
            topology = LocalRedisSentinel.start();
            Runtime.getRuntime().addShutdownHook(new Thread(topology::close, "shared-sentinel-stop"));
        }
        return topology.url();
    }
}
