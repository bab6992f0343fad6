package com.litper.analytics;

import com.litper.common.testing.ServiceContractTest;
import java.util.List;

class AnalyticsServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "analytics-service";
    }

    @Override
    protected String ownedSchema() {
        return "analytics";
    }

    @Override
    protected List<String> ownedTables() {
        return List.of("report_file", "weekly_summary", "outbox");
    }
}
