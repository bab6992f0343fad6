package com.litper.api;

import com.litper.common.testing.ServiceContractTest;
import java.util.List;

class ApiServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "api-service";
    }

    @Override
    protected String ownedSchema() {
        return "api";
    }

    @Override
    protected boolean readinessNeedsRedis() {
        return false;
    }

    @Override
    protected List<String> ownedTables() {
        return List.of("store", "api_key", "orders", "idempotency_key", "outbox", "store_user", "refresh_token");
    }
}
