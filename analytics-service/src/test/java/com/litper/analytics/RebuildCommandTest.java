package com.litper.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.analytics.facts.FactsTestSupport;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code java -jar analytics-service.jar --litper.analytics.rebuild}: the one-shot rebuild, run here in the test's JVM. */
class RebuildCommandTest extends FactsTestSupport {

    @Test
    void theCommandRecomputesEveryFactAndRollupFromTheEvents() {
        knownHistory(UUID.randomUUID());
        jobs.incremental();
        List<Map<String, Object>> facts = factRows();
        List<Map<String, Object>> rollups = rollupRows();
        jdbc.update("UPDATE analytics.shipment_fact SET status = 'X', novedades = 7");
        jdbc.update("DELETE FROM analytics.daily_rollup WHERE day = '2025-03-21'");
        jdbc.update("UPDATE analytics.daily_rollup SET shipments = 99");

        assertThat(AnalyticsApplication.rebuild(new String[] {AnalyticsApplication.REBUILD})).isZero();

        assertThat(factRows()).isEqualTo(facts);
        assertThat(rollupRows()).isEqualTo(rollups);
    }
}
