package com.litper.analytics.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.embedded.EmbeddedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The scheduled incremental run on the leader (standalone here: this one instance leads) takes in
 * events written after the service started, without anyone calling the jobs.
 */
// Its scheduler must not go on running beside the other classes' own calls of the jobs.
@DirtiesContext
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(properties = {"litper.analytics.facts.enabled=true", "litper.analytics.facts.interval=300ms"})
class FactsSchedulerTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void theLeaderRunsTheIncrementalJobOnItsInterval() {
        UUID store = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        UUID shipment = UUID.randomUUID();
        Instant placed = Instant.parse("2025-09-01T14:00:00Z");
        jdbc.update("""
                INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, origin_department, destination_department,
                    cash_on_delivery)
                VALUES (?, 'ORDER_PLACED', ?, ?, ?, '11', '05', 0)""", "order:" + order, store, order, Timestamp.from(placed));
        jdbc.update("""
                INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, shipment_id, carrier, tracking_number,
                    status, changed_status, promised_date, freight)
                VALUES (?, 'SHIPMENT_BOOKED', ?, ?, ?, ?, 'servientrega', 'TN1', 'CREATED', true, ?, 10000)""",
                "shipment:" + shipment + ":booked", store, order, Timestamp.from(placed.plusSeconds(3600)), shipment,
                LocalDate.parse("2025-09-03"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT sum(shipments) FROM analytics.daily_rollup WHERE store_id = ?", Long.class, store)).isEqualTo(1L));
        assertThat(jdbc.queryForObject("SELECT status FROM analytics.shipment_fact WHERE order_id = ?", String.class, order))
                .isEqualTo("CREATED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM analytics.job_watermark WHERE job = 'facts'", Long.class)).isEqualTo(1L);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(meters.find("litper.analytics.facts.runs").tag("job", "incremental").tag("outcome", "ok").timer())
                    .isNotNull().satisfies(timer -> assertThat(timer.count()).isPositive());
            assertThat(meters.get("litper.analytics.facts.watermark.age").gauge().value()).isBetween(0.0, 60.0);
        });
    }
}
