package com.litper.common.db.autoconfigure;

import com.litper.common.db.PostgresUrl;
import com.litper.common.db.WriteRouteDataSource;
import com.litper.common.db.ReadOnlyRetryAdvisor;
import com.litper.common.db.ReadYourWritesFilter;
import com.litper.common.db.ReadYourWrites;
import com.litper.common.db.ReadRouteDataSource;
import com.litper.common.db.RoutingHealthIndicator;
import com.litper.common.db.ReplicaMonitor;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import com.zaxxer.hikari.util.IsolationLevel;
import java.sql.Connection;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.scheduling.TaskScheduler;

/**
 * Primary/replica routing, active only when {@code litper.db.replica-urls} names replicas.
 *
 * <p>Why these parts: Spring's {@link LazyConnectionDataSourceProxy} already sends a transaction
 * marked read-only to a separate read-only data source, and pgjdbc's multi-host URLs already
 * spread connections over several replicas ({@code loadBalanceHosts}) and skip the ones that
 * refuse ({@code connectTimeout} per host). What neither does — read-your-writes, falling back to
 * the primary while no replica answers, retrying a read whose connection broke — is the small code
 * in this package.
 */
@AutoConfiguration(before = DataSourceAutoConfiguration.class)
@ConditionalOnClass({HikariDataSource.class, LazyConnectionDataSourceProxy.class, DataSourceProperties.class})
@ConditionalOnExpression("!'${litper.db.replica-urls:}'.isBlank()")
@EnableConfigurationProperties({LitperDatabaseProperties.class, DataSourceProperties.class})
public class DatabaseRoutingAutoConfiguration {

    // Both pools are beans so Boot binds their Hikari metrics (hikaricp_connections{pool="primary|replica"}).

    /** The primary's pool: writes, Flyway, and reads that must see a fresh write. */
    @Bean(destroyMethod = "close")
    @FlywayDataSource
    HikariDataSource primaryDataSource(DataSourceProperties properties, Environment environment) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(pool));
        pool.setPoolName("primary");
        return pool;
    }

    /** One pool over every replica (pgjdbc multi-host URL), the primary as its last resort. */
    @Bean(destroyMethod = "close")
    HikariDataSource replicaDataSource(HikariDataSource primaryDataSource, LitperDatabaseProperties db) {
        PostgresUrl primary = PostgresUrl.parse(primaryDataSource.getJdbcUrl());
        List<PostgresUrl> replicas = db.replicaUrls().stream().map(PostgresUrl::parse).toList();
        HikariConfig config = new HikariConfig();
        primaryDataSource.copyStateTo(config);
        config.setPoolName("replica");
        config.setJdbcUrl(PostgresUrl.readUrl(replicas, primary, db.replicaConnectTimeout().toSeconds()));
        config.setMaximumPoolSize(db.replicaPoolSize());
        config.setMinimumIdle(db.replicaPoolSize());
        config.setReadOnly(true);
        // A read waits this long for a replica connection before the read route falls back.
        config.setConnectionTimeout(Math.max(250, db.replicaConnectTimeout().toMillis()));
        // Start even when no replica is up yet: reads go to the primary meanwhile.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Bean
    ReadYourWrites readYourWrites(ObjectProvider<StringRedisTemplate> redis, LitperDatabaseProperties db) {
        return new ReadYourWrites(redis.getIfAvailable(), db.readYourWritesWindow());
    }

    /** The DataSource everything else uses (JPA, JdbcTemplate, health): routes by transaction. */
    @Bean
    @Primary
    DataSource dataSource(HikariDataSource primaryDataSource, HikariDataSource replicaDataSource,
            ReadYourWrites readYourWrites, ReplicaMonitor replicas, LitperDatabaseProperties db,
            ObjectProvider<MeterRegistry> meters) {
        MeterRegistry registry = meters.getIfAvailable(() -> Metrics.globalRegistry);
        LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy(
                new WriteRouteDataSource(primaryDataSource, readYourWrites, registry));
        proxy.setReadOnlyDataSource(new ReadRouteDataSource(replicaDataSource, primaryDataSource, readYourWrites, replicas,
                db.fallbackToPrimary(), registry));
        // Known up front: otherwise the proxy opens a primary connection on first use to learn
        // them, which would count as a write and send that request's reads to the primary.
        proxy.setDefaultAutoCommit(primaryDataSource.isAutoCommit());
        proxy.setDefaultTransactionIsolation(primaryDataSource.getTransactionIsolation() == null
                ? Connection.TRANSACTION_READ_COMMITTED
                : IsolationLevel.valueOf(primaryDataSource.getTransactionIsolation()).getLevelId());
        return proxy;
    }

    @Bean
    ReplicaMonitor replicas(HikariDataSource primaryDataSource, HikariDataSource replicaDataSource,
            LitperDatabaseProperties db, ObjectProvider<MeterRegistry> meters, TaskScheduler taskScheduler) {
        Properties credentials = new Properties();
        if (primaryDataSource.getUsername() != null) {
            credentials.setProperty("user", primaryDataSource.getUsername());
        }
        if (primaryDataSource.getPassword() != null) {
            credentials.setProperty("password", primaryDataSource.getPassword());
        }
        credentials.setProperty("connectTimeout", Long.toString(Math.max(1, db.replicaConnectTimeout().toSeconds())));
        return new ReplicaMonitor(PostgresUrl.parse(primaryDataSource.getJdbcUrl()),
                db.replicaUrls().stream().map(PostgresUrl::parse).toList(), credentials, replicaDataSource,
                meters.getIfAvailable(() -> Metrics.globalRegistry), db.monitorInterval(), taskScheduler);
    }

    // Infrastructure role: the auto-proxy creator behind @Transactional only applies such advisors.
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static ReadOnlyRetryAdvisor readOnlyRetryAdvisor(ObjectProvider<MeterRegistry> meters,
            ObjectProvider<ReplicaMonitor> replicas) {
        return new ReadOnlyRetryAdvisor(meters, replicas);
    }

    /**
     * Replaces Boot's {@code db} health (which would check every pool): with replicas, the service
     * stays ready while the primary is down, since reads still work and writes answer 503, which
     * beats taking every pod out of the Service.
     */
    @Bean
    RoutingHealthIndicator dbHealthContributor(HikariDataSource primaryDataSource, HikariDataSource replicaDataSource) {
        return new RoutingHealthIndicator(primaryDataSource, replicaDataSource);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class ReadYourWritesWeb {

        @Bean
        FilterRegistrationBean<ReadYourWritesFilter> litperReadYourWritesFilter(ReadYourWrites readYourWrites) {
            var registration = new FilterRegistrationBean<>(new ReadYourWritesFilter(readYourWrites));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }
}
