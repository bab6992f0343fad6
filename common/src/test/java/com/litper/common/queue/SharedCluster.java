package com.litper.common.queue;

import com.litper.embedded.LocalRedisCluster;

/** One Redis Cluster (three masters) shared by the behaviour tests that run again on Cluster. Stopped when the test JVM exits. */
final class SharedCluster {

    private static LocalRedisCluster cluster;

    private SharedCluster() {
    }

    static synchronized RedisConnector connect() {
        if (cluster == null) {
            cluster = LocalRedisCluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "shared-cluster-stop"));
        }
        return RedisConnector.createCluster(cluster.urls());
    }
}
