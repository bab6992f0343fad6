package com.litper.common.queue.spring;

import com.litper.common.queue.RedisConnector;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskWorker;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * The task queue for every service with Redis: a {@link TaskQueue} on the Redis that Spring Boot's
 * {@code spring.data.redis.*} settings describe (single, Sentinel or Cluster), and, when
 * {@code litper.queue.worker.enabled=true}, a {@link TaskWorker} running every {@link TaskHandler}
 * bean, with metrics and the dead-letter endpoint.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnClass({RedisClient.class, LettuceConnectionFactory.class})
@ConditionalOnBean(LettuceConnectionFactory.class)
@EnableConfigurationProperties(QueueProperties.class)
public class QueueAutoConfiguration {

    /** The queue's own connections, made from the client Boot configured; it follows Sentinel failovers. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RedisConnector litperQueueRedisConnector(LettuceConnectionFactory connectionFactory) {
        Duration timeout = connectionFactory.getClientConfiguration().getCommandTimeout();
        return RedisConnector.using(connectionFactory::getNativeClient, timeout);
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    TaskQueue litperTaskQueue(RedisConnector connector, QueueProperties properties, ObjectProvider<Clock> clock) {
        return new TaskQueue(connector, properties.routing(), clock.getIfAvailable(Clock::systemUTC), properties.dedupWindow());
    }

    @Bean
    @ConditionalOnProperty(name = "litper.queue.worker.enabled", havingValue = "true")
    TaskWorkerLifecycle litperTaskWorker(TaskQueue queue, ObjectProvider<TaskHandler> handlers, QueueProperties properties,
            ObjectProvider<MeterRegistry> meterRegistry) {
        TaskListener listener = meterRegistry.getIfAvailable() == null ? TaskListener.NONE
                : new MicrometerTaskListener(meterRegistry.getObject());
        return new TaskWorkerLifecycle(() -> new TaskWorker(queue, handlers.orderedStream().toList(),
                properties.worker().settings(), listener));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        QueueDepthGauges litperQueueDepthGauges(TaskQueue queue, QueueProperties properties, TaskScheduler taskScheduler) {
            return new QueueDepthGauges(queue, knownQueues(properties), properties.depthRefreshInterval(), taskScheduler);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
    static class Endpoints {

        @Bean
        @ConditionalOnAvailableEndpoint
        DeadLettersEndpoint litperDeadLettersEndpoint(TaskQueue queue, QueueProperties properties) {
            return new DeadLettersEndpoint(queue, knownQueues(properties));
        }
    }

    static Set<String> knownQueues(QueueProperties properties) {
        Set<String> queues = new LinkedHashSet<>(properties.routing().queues());
        queues.addAll(properties.worker().queues());
        return queues;
    }
}
