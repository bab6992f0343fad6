package com.litper.analytics.cod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.leader.LeaderElection;
import com.litper.embedded.EmbeddedInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The posting job runs by itself on the leader: events become entries without anyone calling it, and the watermark moves. */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(properties = "litper.analytics.cod.posting-interval=300ms")
class CodPostingScheduleTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    LeaderElection leader;

    @Test
    void theLeaderPostsNewEventsOnItsSchedule() {
        assertThat(leader.isLeader()).as("a single instance leads (standalone)").isTrue();
        UUID store = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        String guide = "EN" + System.nanoTime() % 1_000_000_000L;
        Instant placed = Instant.now().minus(Duration.ofDays(1));
        insert("order:" + order, "ORDER_PLACED", store, order, placed, null, null, null, 55_000L, null);
        insert("shipment:" + order + ":booked", "SHIPMENT_BOOKED", store, order, placed.plusSeconds(60), "envia", guide, "CREATED", null, null);
        insert("shipment:" + order + ":e9", "CARRIER_EVENT", store, order, Instant.now(), "envia", guide, "DELIVERED", null, 55_000L);

        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
                "SELECT count(*) FROM analytics.cod_entry WHERE order_id = :order AND kind = 'COLLECTED'").param("order", order)
                .query(Long.class).single() == 1);
        assertThat(jdbc.sql("SELECT watermark FROM analytics.job_watermark WHERE job = 'cod-posting'").query(java.time.OffsetDateTime.class)
                .single().toInstant()).isAfter(placed);
    }

    private void insert(String key, String kind, UUID store, UUID order, Instant at, String carrier, String guide, String status, Long cod,
            Long cash) {
        jdbc.sql("""
                        INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, carrier, tracking_number, status,
                                                     cash_on_delivery, cash_collected)
                        VALUES (:key, :kind, :store, :order, :at, :carrier, :guide, :status, :cod, :cash)""")
                .param("key", key).param("kind", kind).param("store", store).param("order", order)
                .param("at", java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC)).param("carrier", carrier).param("guide", guide)
                .param("status", status).param("cod", cod).param("cash", cash).update();
    }
}
