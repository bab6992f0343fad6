package com.litper.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Base of the report tests: the whole analytics-service (its outbox relay and its worker on queue
 * {@code analytics}) on a random port against the embedded PostgreSQL and Redis. Facts and rollups
 * are inserted with SQL in the shape V2 documents; each test uses stores of its own.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.reports.signing-secret=test-report-signing-secret-0123456789abcdef"})
abstract class ReportTestSupport {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected Http http() {
        return Http.localhost(port);
    }

    protected Http.Response post(String token, String json) {
        return http().send(HttpRequest.newBuilder(http().uri("/api/analytics/reports")).POST(HttpRequest.BodyPublishers.ofString(json)),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token));
    }

    protected Http.Response get(String token, String path) {
        return http().get(path, TestTokens.bearer(token));
    }

    /** Requests a report as the store's owner and returns its id. */
    protected UUID request(UUID store, String kind, String format, LocalDate from, LocalDate to) {
        Http.Response accepted = post(TestTokens.owner(store),
                "{\"kind\":\"" + kind + "\",\"format\":\"" + format + "\",\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.header("Location")).isEqualTo("/api/analytics/reports/" + accepted.json().path("id").asString());
        return UUID.fromString(accepted.json().path("id").asString());
    }

    /** Waits until the report is no longer REQUESTED and returns its status document. */
    protected JsonNode awaitDone(UUID store, UUID report) {
        String token = TestTokens.owner(store);
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Http.Response status = get(token, "/api/analytics/reports/" + report);
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            last[0] = status.json();
            return !"REQUESTED".equals(last[0].path("status").asString());
        });
        return last[0];
    }

    /** GET of a path (a download link) without a token, as bytes. */
    protected HttpResponse<byte[]> download(String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Requests a report, waits for READY and downloads it through its link. */
    protected HttpResponse<byte[]> generateAndDownload(UUID store, String kind, String format, LocalDate from, LocalDate to) {
        UUID report = request(store, kind, format, from, to);
        JsonNode done = awaitDone(store, report);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("READY");
        HttpResponse<byte[]> file = download(done.path("download").path("url").asString());
        assertThat(file.statusCode()).isEqualTo(200);
        return file;
    }

    /** A transit histogram as daily_rollup stores it: the given leading buckets, zeros up to 31. */
    protected static String hist(int length, int... leading) {
        int[] all = Arrays.copyOf(leading, length);
        return IntStream.of(all).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
    }

    /** One daily_rollup row (V2's shape). */
    protected void rollup(UUID store, LocalDate day, String carrier, String origin, String destination, int shipments, int delivered,
            int returned, int attemptedWithPromise, int onTime, int attempted, int firstAttemptOk, int withNovedad, String novedadCauses,
            int[] transit, long freightSum, int freightCount, int codShipments, long codAmount) {
        jdbc.sql("""
                INSERT INTO analytics.daily_rollup (store_id, day, carrier, origin_department, destination_department, shipments, delivered,
                    returned, attempted_with_promise, on_time, attempted, first_attempt_ok, with_novedad, novedad_causes, transit_hist,
                    first_scan_hist, freight_sum, freight_count, cod_shipments, cod_amount)
                VALUES (:store, :day, :carrier, :origin, :destination, :shipments, :delivered, :returned, :awp, :onTime, :attempted, :fao,
                    :novedad, CAST(:causes AS jsonb), CAST(:transit AS int[]), CAST(:scan AS int[]), :freightSum, :freightCount, :cod,
                    :codAmount)""")
                .param("store", store).param("day", day).param("carrier", carrier).param("origin", origin).param("destination", destination)
                .param("shipments", shipments).param("delivered", delivered).param("returned", returned).param("awp", attemptedWithPromise)
                .param("onTime", onTime).param("attempted", attempted).param("fao", firstAttemptOk).param("novedad", withNovedad)
                .param("causes", novedadCauses).param("transit", hist(31, transit)).param("scan", hist(73))
                .param("freightSum", freightSum).param("freightCount", freightCount).param("cod", codShipments).param("codAmount", codAmount)
                .update();
    }

    /** One shipment_fact row (V2's shape) with the columns the orders report shows. */
    protected void fact(UUID store, UUID order, LocalDate day, String carrier, String tracking, String status, long cashOnDelivery,
            Long freight, Instant placedAt, Instant deliveredAt, LocalDate promised, int novedades, String firstCause, Integer transitDays,
            Boolean onTime) {
        jdbc.sql("""
                INSERT INTO analytics.shipment_fact (order_id, store_id, day, carrier, tracking_number, origin_department,
                    destination_department, cash_on_delivery, freight, placed_at, booked_at, promised_date, delivered_at, novedades,
                    first_novedad_cause, status, transit_business_days, on_time)
                VALUES (:order, :store, :day, :carrier, :tracking, '11', '05', :cod, :freight, :placed, :placed, :promised, :delivered,
                    :novedades, :cause, :status, :transit, :onTime)""")
                .param("order", order).param("store", store).param("day", day).param("carrier", carrier).param("tracking", tracking)
                .param("cod", cashOnDelivery).param("freight", freight).param("placed", Timestamp.from(placedAt))
                .param("promised", promised).param("delivered", deliveredAt == null ? null : Timestamp.from(deliveredAt))
                .param("novedades", novedades).param("cause", firstCause).param("status", status).param("transit", transitDays)
                .param("onTime", onTime)
                .update();
    }
}
