package com.litper.common.queue;

import com.litper.embedded.LocalRedisCluster;
import java.util.List;

/** One Redis Cluster (three masters) shared by the behaviour tests that run again on Cluster. Stopped when the test JVM exits. */
final class SharedCluster {

    private static LocalRedisCluster cluster;

    private SharedCluster() {
    }

    static synchronized RedisConnector connect() {
        return RedisConnector.createCluster(urls());
    }

    /** {@code redis://host:port} of every master. */
    static synchronized List<String> urls() {
        if (cluster == null) {
            cluster = LocalRedisCluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "shared-cluster-stop"));
        }
        return cluster.urls();
    }
}
