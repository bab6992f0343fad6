package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.RedisConnector;
import com.litper.common.queue.TaskHandler;
import com.litper.common.queue.TaskListener;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.TaskTracing;
import com.litper.common.queue.TaskWorker;
import com.litper.common.task.ContractHandler;
import com.litper.common.task.ContractTaskHandler;
import com.litper.common.task.PayloadCodec;
import com.litper.common.task.TaskContracts;
import com.litper.common.task.Tasks;
import jakarta.validation.Validator;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
 * and {@link ContractHandler} bean, with metrics and the dead-letter endpoint. Task types go to the
 * queue their contract names ({@link TaskContracts}); {@code litper.queue.routes.*} overrides it.
 * {@link Tasks} sends typed payloads.
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

    @Bean
    @ConditionalOnMissingBean
    TaskContracts litperTaskContracts() {
        return TaskContracts.litper();
    }

    @Bean
    @ConditionalOnMissingBean
    PayloadCodec litperPayloadCodec(ObjectProvider<Validator> validator) {
        Validator available = validator.getIfAvailable();
        return available == null ? PayloadCodec.standard() : new PayloadCodec(available);
    }

    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    TaskQueue litperTaskQueue(RedisConnector connector, QueueProperties properties, TaskContracts contracts, ObjectProvider<Clock> clock,
            ObjectProvider<TaskTracing> tracing) {
        return new TaskQueue(connector, properties.routing(contracts.routes()), clock.getIfAvailable(Clock::systemUTC),
                properties.dedupWindow(), properties.replicationWait(), tracing.getIfAvailable(() -> TaskTracing.NONE));
    }

    /** Tasks carry the enqueuer's trace context and run in its child span (docs/queue.md, "Tracing"). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Tracer.class, Propagator.class})
    static class TracingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TaskTracing litperTaskTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            Tracer available = tracer.getIfAvailable();
            Propagator propagation = propagator.getIfAvailable();
            return available == null || propagation == null ? TaskTracing.NONE : new MicrometerTaskTracing(available, propagation);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    Tasks litperTasks(TaskQueue queue, TaskContracts contracts, PayloadCodec codec) {
        return new Tasks(queue, contracts, codec);
    }

    @Bean
    @ConditionalOnProperty(name = "litper.queue.worker.enabled", havingValue = "true")
    TaskWorkerLifecycle litperTaskWorker(TaskQueue queue, ObjectProvider<TaskHandler> handlers,
            ObjectProvider<ContractHandler<?>> contractHandlers, TaskContracts contracts, PayloadCodec codec,
            QueueProperties properties, ObjectProvider<MeterRegistry> meterRegistry) {
        TaskListener listener = meterRegistry.getIfAvailable() == null ? TaskListener.NONE
                : new MicrometerTaskListener(meterRegistry.getObject());
        return new TaskWorkerLifecycle(() -> {
            List<TaskHandler> all = new ArrayList<>(handlers.orderedStream().toList());
            contractHandlers.orderedStream().forEach(handler -> all.add(adapt(handler, contracts, codec)));
            return new TaskWorker(queue, all, properties.worker().settings(), listener);
        });
    }

    private static <T extends com.litper.common.task.TaskPayload> TaskHandler adapt(ContractHandler<T> handler,
            TaskContracts contracts, PayloadCodec codec) {
        return new ContractTaskHandler<>(handler, contracts, codec);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        QueueDepthGauges litperQueueDepthGauges(TaskQueue queue, QueueProperties properties, TaskScheduler taskScheduler) {
            return new QueueDepthGauges(queue, knownQueues(queue, properties), properties.depthRefreshInterval(), taskScheduler);
        }

        @Bean
        MeterBinder litperQueueReplicationUnconfirmed(TaskQueue queue) {
            return meters -> FunctionCounter.builder("litper.queue.replication.unconfirmed", queue, TaskQueue::unconfirmedReplications)
                    .description("Enqueues that waited for a replica (CRITICAL tasks, outbox batches) which no replica acknowledged in time")
                    .register(meters);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
    static class Endpoints {

        @Bean
        @ConditionalOnAvailableEndpoint
        DeadLettersEndpoint litperDeadLettersEndpoint(TaskQueue queue, QueueProperties properties) {
            return new DeadLettersEndpoint(queue, knownQueues(queue, properties));
        }
    }

    /** Every queue a task can be routed to, and the ones this service's worker consumes. */
    static Set<String> knownQueues(TaskQueue queue, QueueProperties properties) {
        Set<String> queues = new LinkedHashSet<>(queue.routing().queues());
        queues.addAll(properties.worker().queues());
        return queues;
    }
}
