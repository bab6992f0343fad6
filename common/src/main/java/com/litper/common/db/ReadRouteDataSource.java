package com.litper.common.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Where read-only transactions get their connection: the replica pool; the primary when the
 * client must read its own write, or when no replica gives a connection (the pool waits at most
 * {@code litper.db.replica-connect-timeout}, then the monitor keeps reads on the primary until a
 * replica answers again). Spring's {@code LazyConnectionDataSourceProxy} has one read-only target;
 * this decision in front of it is what Spring and pgjdbc do not provide.
 */
public class ReadRouteDataSource extends DelegatingDataSource {

    private final DataSource primary;
    private final ReadYourWrites readYourWrites;
    private final ReplicaMonitor monitor;
    private final Counter replicaReads;
    private final Counter primaryReads;
    private final Counter fallbackReads;
    private final boolean fallbackToPrimary;

    public ReadRouteDataSource(DataSource replicas, DataSource primary, ReadYourWrites readYourWrites, ReplicaMonitor monitor,
            boolean fallbackToPrimary, MeterRegistry meters) {
        super(replicas);
        this.primary = primary;
        this.readYourWrites = readYourWrites;
        this.monitor = monitor;
        this.replicaReads = RoutingMetrics.connections(meters, "replica", "read");
        this.primaryReads = RoutingMetrics.connections(meters, "primary", "read-your-writes");
        this.fallbackReads = RoutingMetrics.connections(meters, "primary", "read-fallback");
        this.fallbackToPrimary = fallbackToPrimary;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (readYourWrites.mustReadPrimary()) {
            primaryReads.increment();
            return readOnly(primary.getConnection());
        }
        if (!fallbackToPrimary || monitor.replicasAvailable()) {
            try {
                Connection connection = super.getConnection();
                replicaReads.increment();
                return connection;
            } catch (SQLException e) {
                if (!fallbackToPrimary) {
                    throw e;
                }
                monitor.replicasFailed(e);
            }
        }
        fallbackReads.increment();
        return readOnly(primary.getConnection());
    }

    private static Connection readOnly(Connection connection) throws SQLException {
        connection.setReadOnly(true);
        return connection;
    }
}
