package com.litper.worker;

import com.litper.common.testing.ServiceContractTest;

class WorkerServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "worker-service";
    }

    @Override
    protected String ownedSchema() {
        return null;
    }
}
