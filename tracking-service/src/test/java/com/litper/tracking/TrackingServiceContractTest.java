package com.litper.tracking;

import com.litper.common.testing.ServiceContractTest;
import java.util.List;

class TrackingServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "tracking-service";
    }

    @Override
    protected String ownedSchema() {
        return "tracking";
    }

    @Override
    protected boolean readinessNeedsRedis() {
        return false;
    }

    @Override
    protected List<String> ownedTables() {
        return List.of("shipment", "tracking_event", "outbox", "pending_carrier_event");
    }
}
