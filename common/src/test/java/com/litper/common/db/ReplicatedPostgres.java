package com.litper.common.db;

import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalPostgres;
import com.litper.embedded.LocalReplica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A real primary and one streaming replica, for the routing tests. */
final class ReplicatedPostgres implements AutoCloseable {

    final LocalPostgres primary;
    final LocalPostgres replica;

    private ReplicatedPostgres(LocalPostgres primary, LocalPostgres replica) {
        this.primary = primary;
        this.replica = replica;
    }

    static ReplicatedPostgres start() throws Exception {
        Path root = Files.createTempDirectory("litper-replication");
        LocalPostgres primary = LocalPostgres.start(root.resolve("primary"), FreePorts.next());
        LocalPostgres replica = LocalReplica.start(primary, root.resolve("replica"), FreePorts.next(), "test_replica");
        return new ReplicatedPostgres(primary, replica);
    }

    void onReplica(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(replica.jdbcUrl("postgres"), LocalPostgres.USER, "")) {
            connection.createStatement().execute(sql);
        }
    }

    @Override
    public void close() {
        replica.close();
        primary.close();
    }
}
