package com.litper.analytics.carrierchoice;

import com.litper.common.testing.Http;
import com.litper.common.testing.TestTokens;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * analytics-service whole on a random port against the embedded PostgreSQL and Redis. The scheduled
 * rounds are off (tests publish through the API or {@link CarrierChoiceJob} directly) and {@code envia}
 * is disabled. Rollup rows are written with SQL on routes whose department codes no real department
 * has (02, 03, 04, 06, 07, 09), so rows of other tests never fall into a network sum of these.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "litper.analytics.carrier-choice.enabled=false",
        "litper.analytics.carrier-choice.ttl=30m",
        "litper.carriers.envia.enabled=false"})
abstract class CarrierChoiceTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http http() {
        return Http.localhost(port);
    }

    Http.Response get(String path, String token) {
        return http().get(path, TestTokens.bearer(token));
    }

    Http.Response put(String path, String token, String json) {
        Map<String, String> headers = new HashMap<>(TestTokens.bearer(token));
        headers.put("Content-Type", "application/json");
        return http().send(HttpRequest.newBuilder(http().uri(path)).PUT(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    /** Transit histogram with {@code counts[k] = {businessDays, shipments}}. */
    static int[] transit(int[]... counts) {
        int[] hist = new int[31];
        for (int[] c : counts) {
            hist[c[0]] += c[1];
        }
        return hist;
    }

    /** One daily_rollup row; the counts not given here are zero. */
    void rollup(UUID store, LocalDate day, String carrier, String origin, String destination, int shipments, int delivered, int returned,
            int attemptedWithPromise, int onTime, int[] transitHist, long freightSum, int freightCount) {
        jdbc.sql("""
                        INSERT INTO analytics.daily_rollup (store_id, day, carrier, origin_department, destination_department, shipments,
                            delivered, returned, attempted_with_promise, on_time, attempted, first_attempt_ok, with_novedad, transit_hist,
                            first_scan_hist, freight_sum, freight_count)
                        VALUES (:store, :day, :carrier, :origin, :destination, :shipments, :delivered, :returned, :awp, :onTime, :awp, :onTime,
                            0, CAST(:transit AS int[]), CAST(:scan AS int[]), :freightSum, :freightCount)""")
                .param("store", store).param("day", day).param("carrier", carrier).param("origin", origin).param("destination", destination)
                .param("shipments", shipments).param("delivered", delivered).param("returned", returned).param("awp", attemptedWithPromise)
                .param("onTime", onTime).param("transit", array(transitHist)).param("scan", array(new int[73]))
                .param("freightSum", freightSum).param("freightCount", freightCount)
                .update();
    }

    /** A carrier measured on a route: {@code sample} shipments with a known outcome, {@code onTime} of them on time. */
    void measured(UUID store, LocalDate day, String carrier, String route, int sample, int onTime, long averageFreight) {
        String[] od = route.split("-");
        rollup(store, day, carrier, od[0], od[1], sample, sample, 0, sample, onTime, transit(new int[] {2, sample}), averageFreight * sample,
                sample);
    }

    private static String array(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(",", "{", "}"));
    }
}
