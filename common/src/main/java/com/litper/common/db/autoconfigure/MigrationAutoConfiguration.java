package com.litper.common.db.autoconfigure;

import com.litper.common.db.MigrationDataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/** Flyway's migrations are not bound by the services' 10 s statement timeout ({@link MigrationDataSource}). */
@AutoConfiguration
@ConditionalOnClass({FluentConfiguration.class, FlywayConfigurationCustomizer.class})
public class MigrationAutoConfiguration {

    @Bean
    FlywayConfigurationCustomizer litperMigrationsWithoutStatementTimeout() {
        return configuration -> {
            if (configuration.getDataSource() != null && !(configuration.getDataSource() instanceof MigrationDataSource)) {
                configuration.dataSource(new MigrationDataSource(configuration.getDataSource()));
            }
        };
    }
}
