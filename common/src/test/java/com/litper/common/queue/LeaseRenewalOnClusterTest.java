package com.litper.common.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.embedded.Slow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.List;

/** The same behaviour on a three-master Redis Cluster: each test's named queue lands in its own slot. */
@Slow
class LeaseRenewalOnClusterTest extends LeaseRenewalTest {

    @Override
    protected RedisConnector connect() {
        return SharedCluster.connect();
    }

    /** Every master holds back writes: whichever holds the test's queue. */
    @Override
    protected void pauseWrites(Duration duration) {
        // Connected first, so the pauses start together; clients are shut down once all are paused.
        List<RedisClient> clients = SharedCluster.urls().stream().map(RedisClient::create).toList();
        try {
            List<StatefulRedisConnection<String, String>> connections = clients.stream().map(RedisClient::connect).toList();
            for (StatefulRedisConnection<String, String> connection : connections) {
                String reply = connection.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(duration.toMillis()).add("WRITE"));
                assertThat(reply).isEqualTo("OK");
            }
        } finally {
            clients.forEach(RedisClient::shutdown);
        }
    }
}
