package com.litper.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.api.user.StoreUsers;
import com.litper.common.contracts.ProcessOrder;
import com.litper.common.task.PayloadCodec;
import com.litper.common.task.TaskContracts;
import com.litper.common.testing.Http;
import com.litper.common.testing.PreviousReleaseWriters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Pods of the previous release keep writing while this release's schema is in place: their writes
 * ({@code previous-release/writers.sql}) succeed against the schema Flyway migrated for this context,
 * and this release reads what they wrote through its own API, relay and services.
 */
class RollingUpgradeTest extends ApiTestSupport {

    private static final String KEY = "lp_live_previousReleaseWriterKey00000001";
    private static final UUID STORE = UUID.fromString("b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d01");
    private static final String BOOKED = "b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d11";
    private static final String FAILED = "b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d12";

    @Autowired
    DataSource dataSource;

    @Autowired
    StoreUsers users;

    @Test
    void thePreviousReleasesWritesSucceedAndThisReleaseReadsThem() {
        PreviousReleaseWriters.run(dataSource, PreviousReleaseWriters.WRITERS);

        // The store's key, as the previous release stored it, authenticates.
        Http.Response booked = get(KEY, "/api/orders/" + BOOKED);
        assertThat(booked.status()).as(booked.body()).isEqualTo(200);
        JsonNode order = booked.json();
        assertThat(order.path("status").asString()).isEqualTo("IN_TRANSIT");
        assertThat(order.path("buyer").path("phone").asString()).isEqualTo("+573001234567");
        assertThat(order.path("destination").path("city").asString()).isEqualTo("Medellín");
        assertThat(order.path("items").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(order.path("shipment").path("trackingNumber").asString()).isEqualTo("CO900000001");
        assertThat(order.path("shipment").path("status").asString()).isEqualTo("IN_TRANSIT");
        assertThat(eventIds(order)).containsExactly("booked", "evt-prev-1");
        assertThat(order.path("messages").get(0).path("messageId").asString()).isEqualTo("wamid.PREVIOUSRELEASE1");

        JsonNode failed = get(KEY, "/api/orders/" + FAILED).json();
        assertThat(failed.path("status").asString()).isEqualTo("FAILED");
        assertThat(failed.path("failureReason").asString()).isEqualTo("servientrega refused the booking: 422");

        List<String> listed = new ArrayList<>();
        get(KEY, "/api/orders").json().path("items").forEach(o -> listed.add(o.path("id").asString()));
        assertThat(listed).containsExactly(FAILED, BOOKED);

        // The idempotency key the previous release stored still guards its order.
        Http.Response reused = post(KEY, "/api/orders", order(), Map.of("Idempotency-Key", "previous-release-order-1"));
        assertProblem(reused, 422);
        assertThat(reused.json().path("detail").asString()).contains(BOOKED);

        assertThat(users.users(STORE)).singleElement().satisfies(user -> {
            assertThat(user.email()).isEqualTo("soporte.anterior@example.com");
            assertThat(user.active()).isFalse();
        });

        // This release's relay sends the previous release's outbox rows, and its record reads their payloads.
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("SELECT count(*) FROM api.outbox WHERE sent_at IS NOT NULL"
                + " AND id IN ('b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d21', 'b7c1d2e3-0f1a-4b2c-8d3e-4f5a6b7c8d22')").query(Long.class).single() == 2);
        List<String> payloads = jdbc.sql("SELECT payload::text FROM api.outbox WHERE payload->>'storeId' = :store")
                .param("store", STORE.toString()).query(String.class).list();
        assertThat(payloads).hasSize(2).allSatisfy(payload -> assertThat(PayloadCodec.standard()
                .decode(TaskContracts.litper().of(ProcessOrder.class), ProcessOrder.class, payload).storeId()).isEqualTo(STORE));
    }

    private static List<String> eventIds(JsonNode order) {
        List<String> ids = new ArrayList<>();
        order.path("timeline").forEach(entry -> ids.add(entry.path("eventId").asString()));
        return ids;
    }
}
