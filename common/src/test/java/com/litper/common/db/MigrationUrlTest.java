package com.litper.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.db.autoconfigure.MigrationAutoConfiguration;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.LocalPostgres;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * With litper.db.migration-url set, Flyway migrates over connections of its own to that URL (a
 * database the service's pool never reaches here), still without the statement timeout; without it,
 * through the service's pool as before.
 */
class MigrationUrlTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
                    MigrationAutoConfiguration.class));

    @Test
    void migrationsRunOnTheMigrationUrlNotThroughThePool() {
        LocalPostgres postgres = EmbeddedInfrastructure.postgres();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String poolDatabase = "pool_" + suffix;
        String directDatabase = "direct_" + suffix;
        postgres.createDatabaseIfMissing(poolDatabase);
        postgres.createDatabaseIfMissing(directDatabase);

        runner.withPropertyValues(
                        "spring.datasource.url=" + postgres.jdbcUrl(poolDatabase),
                        "spring.datasource.username=" + LocalPostgres.USER,
                        "spring.datasource.hikari.data-source-properties.options=-c statement_timeout=1000",
                        "spring.flyway.locations=classpath:db/slowmigration",
                        "litper.db.migration-url=" + postgres.jdbcUrl(directDatabase))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Flyway.class).getConfiguration().getDataSource()).isInstanceOf(MigrationDataSource.class);
                    // The 1.5 s migration outlived the pool's 1 s timeout on the direct connections.
                    assertThat(tableExists(postgres, directDatabase)).isTrue();
                    assertThat(tableExists(postgres, poolDatabase)).isFalse();
                });
    }

    @Test
    void withoutAMigrationUrlMigrationsGoThroughThePool() {
        LocalPostgres postgres = EmbeddedInfrastructure.postgres();
        String database = "pool_only_" + UUID.randomUUID().toString().substring(0, 8);
        postgres.createDatabaseIfMissing(database);

        runner.withPropertyValues(
                        "spring.datasource.url=" + postgres.jdbcUrl(database),
                        "spring.datasource.username=" + LocalPostgres.USER,
                        "spring.flyway.locations=classpath:db/slowmigration")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(tableExists(postgres, database)).isTrue();
                });
    }

    private static boolean tableExists(LocalPostgres postgres, String database) {
        var source = new DriverManagerDataSource(postgres.jdbcUrl(database), LocalPostgres.USER, "");
        return JdbcClient.create(source).sql("SELECT to_regclass('public.slow_migration_done') IS NOT NULL").query(Boolean.class).single();
    }
}
