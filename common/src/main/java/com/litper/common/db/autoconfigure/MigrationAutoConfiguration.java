package com.litper.common.db.autoconfigure;

import com.litper.common.db.MigrationDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Flyway's migrations are not bound by the services' 10 s statement timeout ({@link MigrationDataSource}),
 * and with {@code litper.db.migration-url} set they run over connections of their own to that URL
 * instead of the service's pool.
 *
 * <p>Why a URL of its own: when the pool reaches PostgreSQL through a transaction-mode pooler
 * (PgBouncer), consecutive statements of one connection may run on different server sessions, and
 * Flyway holds its lock with a session-level advisory lock and lifts the timeout with a session
 * {@code SET}. The migration URL points at PostgreSQL directly, or at a session-mode pooler
 * (docs/operations.md, "Connection budget"). Boot's own {@code spring.flyway.url} cannot do this
 * here: the primary pool of the read/write routing is Flyway's data source, which takes precedence.
 * Same user and password as {@code spring.datasource.*}.
 */
@AutoConfiguration
@ConditionalOnClass({FluentConfiguration.class, FlywayConfigurationCustomizer.class})
public class MigrationAutoConfiguration {

    static final String MIGRATION_URL = "litper.db.migration-url";

    @Bean
    FlywayConfigurationCustomizer litperMigrationsWithoutStatementTimeout(Environment environment) {
        return configuration -> {
            DataSource source = configuration.getDataSource();
            String directUrl = environment.getProperty(MIGRATION_URL, "");
            if (!directUrl.isBlank()) {
                // Unpooled: Flyway opens its two connections (one holds the lock) and closes them when done.
                source = DataSourceBuilder.create().type(SimpleDriverDataSource.class).url(directUrl.trim())
                        .username(environment.getProperty("spring.datasource.username"))
                        .password(environment.getProperty("spring.datasource.password"))
                        .build();
            }
            if (source != null && !(source instanceof MigrationDataSource)) {
                configuration.dataSource(new MigrationDataSource(source));
            }
        };
    }
}
