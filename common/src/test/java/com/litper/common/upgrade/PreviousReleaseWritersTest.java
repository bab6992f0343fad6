package com.litper.common.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.testing.PreviousReleaseWriters;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/** The replay of the previous release's writes fails, naming the statement, when the new schema breaks one. */
@ExtendWith(EmbeddedInfrastructure.class)
class PreviousReleaseWritersTest {

    private final String schema = "writers_" + UUID.randomUUID().toString().substring(0, 8);
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    private String writers() {
        return """
                -- OrderService: a new order.
                INSERT INTO %1$s.orders (id, status)
                VALUES ('0d6f3c1e-8f0a-4c59-9d36-2b8e7f4a1c20', 'CREATED');
                -- ShipmentUpdateHandler: the order moves.
                UPDATE %1$s.orders SET status = 'BOOKED' WHERE id = '0d6f3c1e-8f0a-4c59-9d36-2b8e7f4a1c20';
                """.formatted(schema);
    }

    @BeforeEach
    void previousReleaseSchema() throws SQLException {
        dataSource.setURL(EmbeddedInfrastructure.postgres().jdbcUrl("postgres"));
        dataSource.setUser(LocalPostgres.USER);
        execute("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".orders (id uuid PRIMARY KEY, status text NOT NULL)");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void writesThatStillFitTheNewSchemaPass() throws SQLException {
        execute("ALTER TABLE " + schema + ".orders ADD COLUMN carrier text, ADD COLUMN version bigint NOT NULL DEFAULT 1");
        PreviousReleaseWriters.run(dataSource, "writers.sql", writers());
    }

    @Test
    void aNotNullColumnTheOldWritersDoNotFillFailsNamingTheStatement() throws SQLException {
        execute("ALTER TABLE " + schema + ".orders ADD COLUMN carrier text NOT NULL");
        assertThatThrownBy(() -> PreviousReleaseWriters.run(dataSource, "writers.sql", writers()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("writers.sql:2: a write of the previous release fails against the current schema (SQLState 23502)")
                .hasMessageContaining("null value in column \"carrier\"")
                .hasMessageContaining("Statement: INSERT INTO " + schema + ".orders (id, status)");
    }

    @Test
    void aRenamedColumnFailsAndAWriteThatMatchesNothingToo() throws SQLException {
        execute("ALTER TABLE " + schema + ".orders RENAME COLUMN status TO state");
        assertThatThrownBy(() -> PreviousReleaseWriters.run(dataSource, "writers.sql", writers()))
                .hasMessageContaining("column \"status\" of relation \"orders\" does not exist");
        assertThatThrownBy(() -> PreviousReleaseWriters.run(dataSource, "writers.sql",
                "UPDATE " + schema + ".orders SET state = 'X' WHERE false;"))
                .hasMessageStartingWith("writers.sql:1: a write of the previous release wrote nothing");
    }

    @Test
    void statementsEndAtASemicolonAtTheEndOfALine() {
        assertThat(PreviousReleaseWriters.parse(writers())).extracting(PreviousReleaseWriters.Write::line).containsExactly(2, 5);
        assertThatThrownBy(() -> PreviousReleaseWriters.parse("SELECT 1")).hasMessageContaining("does not end with a semicolon");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
