package com.litper.analytics.cod;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Base of the COD tests: the whole analytics-service on a random port against the embedded
 * PostgreSQL and Redis, with the posting job's schedule off (tests run a pass with
 * {@link #post()}), and analytics.event rows written as the feed writes them (V2's shape).
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "litper.analytics.cod.posting-enabled=false")
abstract class CodTestSupport {

    static final String OPERATOR = TestTokens.operator();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CodPostingJob job;

    Http http() {
        return Http.localhost(port);
    }

    /** One pass of the posting job. */
    void post() {
        job.runOnce();
    }

    static String guide(String prefix) {
        return prefix + ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L);
    }

    void event(String key, String kind, UUID store, UUID order, Instant at, String carrier, String guide, String status, Long cod,
            Long freight, Long cashCollected) {
        jdbc.sql("""
                        INSERT INTO analytics.event (event_key, kind, store_id, order_id, occurred_at, shipment_id, carrier, tracking_number,
                                                     status, carrier_status, changed_status, origin_department, destination_department,
                                                     destination_municipality, cash_on_delivery, declared_value, freight, cash_collected)
                        VALUES (:key, :kind, :store, :order, :at, :shipment, :carrier, :guide, :status, :status, :changed,
                                :origin, :destDept, :destMun, :cod, :declared, :freight, :cash)""")
                .param("key", key).param("kind", kind).param("store", store).param("order", order)
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("shipment", "ORDER_PLACED".equals(kind) ? null : UUID.nameUUIDFromBytes(order.toString().getBytes(StandardCharsets.UTF_8)))
                .param("carrier", carrier).param("guide", guide).param("status", status)
                .param("changed", "ORDER_PLACED".equals(kind) ? null : Boolean.TRUE)
                .param("origin", "ORDER_PLACED".equals(kind) ? "11" : null).param("destDept", "ORDER_PLACED".equals(kind) ? "05" : null)
                .param("destMun", "ORDER_PLACED".equals(kind) ? "05001" : null).param("cod", cod)
                .param("declared", cod).param("freight", freight).param("cash", cashCollected).update();
    }

    /** ORDER_PLACED of a COD order and SHIPMENT_BOOKED with the carrier's guide and freight. */
    UUID codOrder(UUID store, long cashOnDelivery, String carrier, String guide, long freight, Instant placedAt) {
        UUID order = UUID.randomUUID();
        event("order:" + order, "ORDER_PLACED", store, order, placedAt, null, null, null, cashOnDelivery, null, null);
        event("shipment:" + order + ":booked", "SHIPMENT_BOOKED", store, order, placedAt.plusSeconds(60), carrier, guide, "CREATED", null,
                freight, null);
        return order;
    }

    void delivered(UUID store, UUID order, String carrier, String guide, Long cashCollected, Instant at) {
        event("shipment:" + order + ":" + guide + "-del-" + at.toEpochMilli(), "CARRIER_EVENT", store, order, at, carrier, guide, "DELIVERED",
                null, null, cashCollected);
    }

    void returned(UUID store, UUID order, String carrier, String guide, Instant at) {
        event("shipment:" + order + ":" + guide + "-ret", "CARRIER_EVENT", store, order, at, carrier, guide, "RETURNED", null, null, null);
    }

    /** The sample file of a carrier (src/test/resources/settlements) with its two guides replaced. */
    static String sample(String carrier, String deliveredGuide, String returnedGuide) throws IOException {
        String text = Files.readString(Path.of("src/test/resources/settlements", carrier + ".csv"), StandardCharsets.UTF_8);
        String[] samples = switch (carrier) {
            case "servientrega" -> new String[] {"SV482913377", "SV482913378"};
            case "coordinadora" -> new String[] {"CO512345678", "CO512345679"};
            case "interrapidisimo" -> new String[] {"IR1234567890", "IR1234567891"};
            case "envia" -> new String[] {"EN123456789", "EN123456790"};
            case "tcc" -> new String[] {"TCC123456789", "TCC123456790"};
            default -> throw new IllegalArgumentException(carrier);
        };
        return text.replace(samples[0], deliveredGuide).replace(samples[1], returnedGuide);
    }

    static Map<String, String> bearer(String token) {
        return TestTokens.bearer(token);
    }

    Http.Response get(String path, String token) {
        return http().get(path, bearer(token));
    }

    Http.Response importFile(String carrier, String content, String token) {
        return http().send(HttpRequest.newBuilder(http().uri("/api/analytics/cod/settlements?carrier=" + carrier))
                .POST(HttpRequest.BodyPublishers.ofString(content, StandardCharsets.UTF_8)), Map.of("Content-Type", "text/csv",
                "Authorization", "Bearer " + token));
    }

    Http.Response postJson(String path, String json, String token) {
        return http().send(HttpRequest.newBuilder(http().uri(path)).POST(HttpRequest.BodyPublishers.ofString(json)),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
    }

    long count(String sql, Object... params) {
        var statement = jdbc.sql(sql);
        for (int i = 0; i < params.length; i++) {
            statement = statement.param(i + 1, params[i]);
        }
        return statement.query(Long.class).single();
    }

    JsonNode ok(Http.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response.json();
    }

    static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("detail").asString()).isNotBlank();
    }
}
