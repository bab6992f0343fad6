package com.litper.common.queue;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The queue's own Lettuce connections to a single Redis, a Sentinel-managed master or a Redis
 * Cluster, whichever the client was built for. Connects on first use, so a service starts while
 * Redis is down; once connected, Lettuce reconnects by itself (and asks the sentinels for the
 * current master when it does).
 */
public final class RedisConnector implements AutoCloseable {

    private final Supplier<? extends AbstractRedisClient> clientSupplier;
    private final boolean ownsClient;
    private final Duration commandTimeout;
    private volatile AbstractRedisClient client;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterAsyncCommands<String, String> commands;
    private volatile StatefulRedisConnection<String, String> waitingConnection;

    private RedisConnector(Supplier<? extends AbstractRedisClient> clientSupplier, boolean ownsClient, Duration commandTimeout) {
        this.clientSupplier = Objects.requireNonNull(clientSupplier);
        this.ownsClient = ownsClient;
        this.commandTimeout = Objects.requireNonNull(commandTimeout);
    }

    /**
     * A connector with a client of its own for {@code redisUrl}: {@code redis://host:port} or
     * {@code redis-sentinel://host:port,host:port#master} (see Lettuce's RedisURI).
     */
    public static RedisConnector create(String redisUrl) {
        RedisURI uri = RedisURI.create(redisUrl);
        Duration timeout = Duration.ofSeconds(5);
        uri.setTimeout(timeout);
        return new RedisConnector(() -> RedisClient.create(uri), true, timeout);
    }

    /** A connector with a Redis Cluster client of its own, seeded with {@code redis://host:port} URLs of some nodes. */
    public static RedisConnector createCluster(List<String> seedUrls) {
        Duration timeout = Duration.ofSeconds(5);
        List<RedisURI> seeds = seedUrls.stream().map(RedisURI::create).peek(uri -> uri.setTimeout(timeout)).toList();
        return new RedisConnector(() -> RedisClusterClient.create(seeds), true, timeout);
    }

    /**
     * A connector on a client configured elsewhere (e.g. by Spring Boot); the client's default URI
     * or cluster seeds are used, and closing the connector leaves the client open.
     */
    public static RedisConnector using(Supplier<? extends AbstractRedisClient> client, Duration commandTimeout) {
        return new RedisConnector(client, false, commandTimeout);
    }

    /** How long a caller waits for one command before giving up. */
    Duration commandTimeout() {
        return commandTimeout;
    }

    RedisClusterAsyncCommands<String, String> commands() {
        RedisClusterAsyncCommands<String, String> current = commands;
        if (current != null && (connection.isOpen() || !clientReplaced())) {
            return current;
        }
        synchronized (this) {
            if (commands != null && clientReplaced()) {
                // The owner of a borrowed client shut it down and made another (Spring's connection
                // factory stopped and started with its context): connect through the new one. A
                // connection that is merely reconnecting keeps its client and is left to Lettuce.
                connection.close();
                connection = null;
                commands = null;
                client = null;
                closeWaitingConnection();
            }
            if (commands == null) {
                AbstractRedisClient redis = client();
                if (redis instanceof RedisClusterClient cluster) {
                    StatefulRedisClusterConnection<String, String> opened = cluster.connect(StringCodec.UTF8);
                    connection = opened;
                    commands = opened.async();
                } else {
                    StatefulRedisConnection<String, String> opened = ((RedisClient) redis).connect(StringCodec.UTF8);
                    connection = opened;
                    commands = opened.async();
                }
            }
            return commands;
        }
    }

    /**
     * A connection of its own for writes that are followed by {@code WAIT}, or null on Redis Cluster
     * (where a named queue's master is one node of many and WAIT is not issued). {@code WAIT} counts
     * the writes of its own connection and blocks that connection until it returns, so it cannot go
     * on the shared one: every heartbeat and fetch would queue behind it.
     */
    RedisClusterAsyncCommands<String, String> waitingCommands() {
        commands(); // moves to a replaced client first, if any
        StatefulRedisConnection<String, String> current = waitingConnection;
        if (current != null) {
            return current.async();
        }
        synchronized (this) {
            if (waitingConnection == null) {
                AbstractRedisClient redis = client();
                if (redis instanceof RedisClusterClient) {
                    return null;
                }
                waitingConnection = ((RedisClient) redis).connect(StringCodec.UTF8);
            }
            return waitingConnection.async();
        }
    }

    private void closeWaitingConnection() {
        if (waitingConnection != null) {
            waitingConnection.close();
            waitingConnection = null;
        }
    }

    StatefulRedisPubSubConnection<String, String> connectPubSub() {
        commands(); // moves to a replaced client first, if any
        AbstractRedisClient redis = client();
        if (redis instanceof RedisClusterClient cluster) {
            return cluster.connectPubSub(StringCodec.UTF8);
        }
        return ((RedisClient) redis).connectPubSub(StringCodec.UTF8);
    }

    /** Whether a borrowed client's owner now hands out another client than the one connected through. */
    private boolean clientReplaced() {
        return !ownsClient && client != null && clientSupplier.get() != client;
    }

    private AbstractRedisClient client() {
        AbstractRedisClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = clientSupplier.get();
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
            commands = null;
        }
        closeWaitingConnection();
        if (ownsClient && client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            client = null;
        }
    }
}
