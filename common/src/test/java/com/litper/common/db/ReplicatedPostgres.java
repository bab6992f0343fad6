package com.litper.common.db;

import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.FreePorts;
import com.litper.embedded.LocalPostgres;
import com.litper.embedded.LocalReplica;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** A real primary and two streaming replicas, as the specification draws it, for the routing tests. */
final class ReplicatedPostgres implements AutoCloseable {

    final LocalPostgres primary;
    final List<LocalPostgres> replicas;

    private ReplicatedPostgres(LocalPostgres primary, List<LocalPostgres> replicas) {
        this.primary = primary;
        this.replicas = replicas;
    }

    static ReplicatedPostgres start() throws Exception {
        Path root = Files.createTempDirectory("litper-replication");
        LocalPostgres primary = LocalPostgres.start(root.resolve("primary"), FreePorts.next());
        List<LocalPostgres> replicas = List.of(
                LocalReplica.start(primary, root.resolve("replica1"), FreePorts.next(), "test_replica1"),
                LocalReplica.start(primary, root.resolve("replica2"), FreePorts.next(), "test_replica2"));
        return new ReplicatedPostgres(primary, replicas);
    }

    /** The replicas' JDBC URLs, comma-separated as {@code litper.db.replica-urls} takes them. */
    String replicaUrls() {
        return String.join(",", replicas.stream().map(r -> r.jdbcUrl("postgres")).toList());
    }

    List<Integer> replicaPorts() {
        return replicas.stream().map(LocalPostgres::port).toList();
    }

    /** Runs {@code sql} on every replica. */
    void onReplicas(String sql) throws SQLException {
        for (LocalPostgres replica : replicas) {
            try (Connection connection = DriverManager.getConnection(replica.jdbcUrl("postgres"), LocalPostgres.USER, "")) {
                connection.createStatement().execute(sql);
            }
        }
    }

    /** Client connections open on {@code server} right now. */
    static int clientConnections(LocalPostgres server) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), LocalPostgres.USER, "");
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT count(*) - 1 FROM pg_stat_activity WHERE backend_type = 'client backend'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Override
    public void close() {
        replicas.forEach(LocalPostgres::close);
        primary.close();
        EmbeddedInfrastructure.deleteTree(primary.dataDirectory().getParent());
    }
}
