package com.litper.common.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** The primary as the routing proxy sees it: counts the connection and marks the client a writer. */
public class WriteRouteDataSource extends DelegatingDataSource {

    private final ReadYourWrites readYourWrites;
    private final Counter writes;

    public WriteRouteDataSource(DataSource primary, ReadYourWrites readYourWrites, MeterRegistry meters) {
        super(primary);
        this.readYourWrites = readYourWrites;
        this.writes = RoutingMetrics.connections(meters, "primary", "write");
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = super.getConnection();
        writes.increment();
        readYourWrites.wrote();
        return connection;
    }
}
