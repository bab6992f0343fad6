package com.litper.common.db;

import com.litper.common.db.autoconfigure.DatabaseRoutingAutoConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import com.litper.embedded.EmbeddedInfrastructure;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Without replicas the routing stays out of the way: one plain pool, as Boot configures it. */
class NoReplicaRoutingTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DatabaseRoutingAutoConfiguration.class, DataSourceAutoConfiguration.class));

    @Test
    void noReplicaUrlsMeansNoRouting() {
        EmbeddedInfrastructure.startOnce();
        runner.withPropertyValues("spring.datasource.url=" + EmbeddedInfrastructure.postgres().jdbcUrl("postgres"),
                        "spring.datasource.username=postgres")
                .run(context -> {
                    assertThat(context).hasSingleBean(javax.sql.DataSource.class);
                    assertThat(context.getBean(javax.sql.DataSource.class)).isInstanceOf(HikariDataSource.class);
                    assertThat(context).doesNotHaveBean(ReplicaMonitor.class).doesNotHaveBean(ReadYourWrites.class);
                });
        runner.withPropertyValues("spring.datasource.url=" + EmbeddedInfrastructure.postgres().jdbcUrl("postgres"),
                        "litper.db.replica-urls=")
                .run(context -> assertThat(context.getBean(javax.sql.DataSource.class)).isInstanceOf(HikariDataSource.class));
    }

    @Test
    void replicaUrlsBecomeOneMultiHostReadUrl() {
        String url = PostgresUrl.readUrl(
                java.util.List.of(PostgresUrl.parse("jdbc:postgresql://r1:5433/litper"), PostgresUrl.parse("jdbc:postgresql://r2/litper")),
                PostgresUrl.parse("jdbc:postgresql://p1:5432/litper?sslmode=require"), 2);
        assertThat(url).isEqualTo("jdbc:postgresql://r1:5433,r2:5432/litper?sslmode=require"
                + "&targetServerType=secondary&loadBalanceHosts=true&hostRecheckSeconds=2&connectTimeout=2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PostgresUrl.readUrl(
                        java.util.List.of(PostgresUrl.parse("jdbc:postgresql://r1/other")), PostgresUrl.parse("jdbc:postgresql://p1/litper"), 2))
                .hasMessageContaining("differs");
    }
}
