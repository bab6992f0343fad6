package com.litper.common.db;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Names of the routing metrics (documented in docs/database.md). */
public final class RoutingMetrics {

    /** Connections handed to transactions, by pool (primary, replica) and route (write, read, read-your-writes). */
    static final String CONNECTIONS = "litper.db.connections";
    /** Bytes of WAL a replica has yet to replay, per replica (application_name). */
    static final String REPLICA_LAG = "litper.db.replica.lag";
    /** 1 while a replica accepts connections, 0 otherwise. */
    static final String REPLICA_UP = "litper.db.replica.up";
    /** Read-only transactions retried after a broken connection. */
    static final String READ_RETRIES = "litper.db.read.retries";

    private RoutingMetrics() {
    }

    static Counter connections(MeterRegistry meters, String pool, String route) {
        return Counter.builder(CONNECTIONS).tag("pool", pool).tag("route", route)
                .description("Connections handed to transactions by pool and route").register(meters);
    }
}
