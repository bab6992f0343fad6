package com.litper.common.testing;

import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.LocalPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * For tests that reconcile with a short bound: the test JVM's database is shared with the classes
 * that ran before, whose outbox rows may never have had their effect (nothing consumed their tasks).
 * Marked confirmed before the class's context starts, so its reconciler only reaches the class's own
 * rows. Call it from a static {@code @BeforeAll}.
 */
public final class EarlierOutboxRows {

    private EarlierOutboxRows() {
    }

    public static void settle(String schema) {
        try (Connection connection = DriverManager.getConnection(EmbeddedInfrastructure.postgres().jdbcUrl("postgres"), LocalPostgres.USER, "");
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE " + schema + ".outbox SET confirmed_at = now() WHERE confirmed_at IS NULL AND given_up_at IS NULL");
        } catch (SQLException e) {
            // The first class of the JVM: the schema is not migrated yet, there is nothing to settle.
        }
    }
}
