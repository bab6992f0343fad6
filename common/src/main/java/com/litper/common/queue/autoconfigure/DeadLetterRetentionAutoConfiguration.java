package com.litper.common.queue.autoconfigure;

import com.litper.common.queue.TaskQueue;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.TaskScheduler;

/**
 * Dead letters kept within their retention ({@code litper.queue.dead-letters.*}) by every service
 * that runs a worker, for every queue it knows (docs/queue.md, "Operating dead letters").
 */
@AutoConfiguration(after = QueueAutoConfiguration.class,
        afterName = "org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration")
@ConditionalOnBean(TaskQueue.class)
@ConditionalOnProperty(name = "litper.queue.worker.enabled", havingValue = "true")
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterRetentionAutoConfiguration {

    @Bean
    DeadLetterTrimmer litperDeadLetterTrimmer(TaskQueue queue, QueueProperties queueProperties, DeadLetterProperties properties,
            ObjectProvider<TaskScheduler> scheduler, ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterTrimmer(queue, QueueAutoConfiguration.knownQueues(queue, queueProperties), properties,
                scheduler.getIfAvailable(), meters.getIfAvailable());
    }
}
