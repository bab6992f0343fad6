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
        return List.of("report_file", "weekly_summary", "outbox", "event_default", "shipment_fact", "daily_rollup", "job_watermark", "cod_order",
                "cod_entry", "cod_entry_line", "cod_payout", "cod_payout_item", "cod_settlement_file", "cod_settlement_line", "carrier_rule");
    }
}
