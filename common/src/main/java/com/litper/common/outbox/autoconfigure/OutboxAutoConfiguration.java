package com.litper.common.outbox.autoconfigure;

import com.litper.common.outbox.Outbox;
import com.litper.common.outbox.OutboxProperties;
import com.litper.common.outbox.OutboxReconciler;
import com.litper.common.outbox.OutboxRelay;
import com.litper.common.outbox.ReconcileProperties;
import com.litper.common.outbox.ReconciledTask;
import com.litper.common.queue.TaskQueue;
import com.litper.common.queue.autoconfigure.QueueAutoConfiguration;
import com.litper.common.task.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox of a service that owns a schema ({@code litper.outbox.schema} set): an
 * {@link Outbox} to write tasks with the change that causes them, and its {@link OutboxRelay}.
 */
@AutoConfiguration(after = QueueAutoConfiguration.class,
        afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration"})
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnProperty("litper.outbox.schema")
@ConditionalOnBean({DataSource.class, TaskQueue.class})
@EnableConfigurationProperties({OutboxProperties.class, ReconcileProperties.class})
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay litperOutboxRelay(JdbcClient jdbc, PlatformTransactionManager transactionManager, TaskQueue queue,
            OutboxProperties properties, ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        return new OutboxRelay(jdbc, new TransactionTemplate(transactionManager), queue, properties,
                clock.getIfAvailable(Clock::systemUTC), meters.getIfAvailable());
    }

    /**
     * Reconciliation of the task types this service waits on ({@link ReconciledTask} beans), on by
     * default wherever there is one ({@code litper.reconcile.enabled=false} turns it off).
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ReconciledTask.class)
    @ConditionalOnProperty(name = "litper.reconcile.enabled", havingValue = "true", matchIfMissing = true)
    OutboxReconciler litperOutboxReconciler(JdbcClient jdbc, PlatformTransactionManager transactionManager, OutboxRelay relay,
            OutboxProperties outbox, ReconcileProperties properties, ObjectProvider<ReconciledTask> kinds, ObjectProvider<Clock> clock,
            ObjectProvider<TaskScheduler> scheduler, ObjectProvider<MeterRegistry> meters, Environment environment) {
        return new OutboxReconciler(jdbc, new TransactionTemplate(transactionManager), relay, outbox.schema(),
                kinds.orderedStream().toList(), properties, clock.getIfAvailable(Clock::systemUTC), scheduler.getIfAvailable(),
                meters.getIfAvailable(), environment.getProperty("spring.application.name", outbox.schema()));
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox litperOutbox(JdbcClient jdbc, Tasks tasks, OutboxProperties properties, OutboxRelay relay, TaskQueue queue) {
        return new Outbox(jdbc, tasks, properties.schema(), relay, queue.tracing());
    }
}
