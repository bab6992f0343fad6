package com.litper.common.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.testapp.TestApplication;
import com.litper.embedded.EmbeddedInfrastructure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A migration may run longer than the statement timeout every request is held to; the timeout is
 * back on the pooled connections once Flyway is done with them. The pool has the two connections
 * Flyway uses (one holds its lock), and the test checks both.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(classes = TestApplication.class, properties = {
        "spring.flyway.enabled=true",
        "spring.flyway.locations=classpath:db/slowmigration",
        "spring.datasource.hikari.maximum-pool-size=2",
        "spring.datasource.hikari.data-source-properties.options=-c statement_timeout=1000"})
class MigrationTimeoutTest {

    static final String SCHEMA = "slow_migration_" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void schema(DynamicPropertyRegistry registry) {
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aMigrationLongerThanTheStatementTimeoutCompletesAndTheTimeoutIsRestored() throws SQLException {
        assertThat(jdbc.sql("SELECT to_regclass('" + SCHEMA + ".slow_migration_done') IS NOT NULL").query(Boolean.class).single()).isTrue();

        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            assertThat(statementTimeout(first)).isEqualTo("1s");
            assertThat(statementTimeout(second)).isEqualTo("1s");
        }
        assertThatThrownBy(() -> jdbc.sql("SELECT pg_sleep(1.5)").query().singleRow())
                .satisfies(e -> assertThat(DatabaseFailures.isTimeout(e)).isTrue());
    }

    private static String statementTimeout(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SHOW statement_timeout")) {
            result.next();
            return result.getString(1);
        }
    }
}
