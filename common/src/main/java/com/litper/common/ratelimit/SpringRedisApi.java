package com.litper.common.ratelimit;

import io.github.bucket4j.redis.lettuce.RedisApi;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Bucket4j's Redis calls, made on the connection Spring Boot configured (single Redis, Sentinel
 * or Cluster) instead of on a Lettuce connection of their own. Bucket4j's ready-made builders want
 * a connection at construction: the service would not start while Redis is down, and would keep a
 * dead connection after Spring's connection factory restarts. Here each call borrows the factory's
 * shared connection, which connects lazily and follows reconnects and failovers.
 *
 * @param <K> the keys' type, always {@code byte[]}; a type parameter only because Bucket4j hands the
 *     keys over in an {@code Object[]}, which a {@code byte[][]} parameter would refuse
 */
public final class SpringRedisApi<K> implements RedisApi<K> {

    private final LettuceConnectionFactory connections;
    private final Duration timeout;

    public SpringRedisApi(LettuceConnectionFactory connections) {
        this.connections = connections;
        this.timeout = connections.getClientConfiguration().getCommandTimeout();
    }

    @Override
    public <V> RedisFuture<V> eval(String script, ScriptOutputType outputType, K[] keys, byte[]... args) {
        byte[][] keyBytes = Arrays.stream(keys).map(byte[].class::cast).toArray(byte[][]::new);
        return call(commands -> commands.eval(script, outputType, keyBytes, args));
    }

    @Override
    public RedisFuture<byte[]> get(K key) {
        return call(commands -> commands.get((byte[]) key));
    }

    @Override
    public RedisFuture<?> delete(K key) {
        return call(commands -> commands.del((byte[]) key));
    }

    @SuppressWarnings("unchecked")
    private <V> RedisFuture<V> call(Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<V>> command) {
        try (RedisConnection connection = connections.getConnection()) {
            RedisFuture<V> future = command.apply((RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection());
            // Completed before the connection is handed back, and never waited on longer than Boot's command timeout.
            LettuceFutures.awaitOrCancel(future, timeout.toMillis(), TimeUnit.MILLISECONDS);
            return future;
        }
    }
}
