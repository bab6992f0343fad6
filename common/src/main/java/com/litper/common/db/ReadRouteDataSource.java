package com.litper.common.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Where read-only transactions get their connection: the replica pool, or the primary when the
 * client must read its own write. Spring's {@code LazyConnectionDataSourceProxy} has one read-only
 * target; this small decision in front of it is the one thing Spring and pgjdbc do not provide.
 */
class ReadRouteDataSource extends DelegatingDataSource {

    private final DataSource primary;
    private final ReadYourWrites readYourWrites;
    private final ReplicaMonitor monitor;
    private final Counter replicaReads;
    private final Counter primaryReads;

    ReadRouteDataSource(DataSource replicas, DataSource primary, ReadYourWrites readYourWrites, ReplicaMonitor monitor,
            MeterRegistry meters) {
        super(replicas);
        this.primary = primary;
        this.readYourWrites = readYourWrites;
        this.monitor = monitor;
        this.replicaReads = RoutingMetrics.connections(meters, "replica", "read");
        this.primaryReads = RoutingMetrics.connections(meters, "primary", "read-your-writes");
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (readYourWrites.mustReadPrimary()) {
            primaryReads.increment();
            Connection connection = primary.getConnection();
            connection.setReadOnly(true);
            return connection;
        }
        replicaReads.increment();
        Connection connection = super.getConnection();
        monitor.checkReadConnection(connection);
        return connection;
    }
}
