package com.litper.analytics.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testing.TestTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The signed download links: valid for one report until they expire, refused (403 problem+json) otherwise. */
class ReportLinksTest extends ReportTestSupport {

    private static final LocalDate DAY = LocalDate.parse("2026-09-01");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ReportLinks links;

    private UUID store;
    private UUID report;
    private String url;

    @BeforeEach
    void readyReport() {
        store = UUID.randomUUID();
        rollup(store, DAY, "envia", "11", "05", 3, 3, 0, 3, 3, 3, 3, 0, "{}", new int[] {0, 3}, 30_000, 3, 0, 0);
        report = request(store, "KPIS", "CSV", DAY, DAY);
        JsonNode done = awaitDone(store, report);
        assertThat(done.path("status").asString()).isEqualTo("READY");
        url = done.path("download").path("url").asString();
        Instant expiresAt = Instant.parse(done.path("download").path("expiresAt").asString());
        // litper.reports.link-lifetime: 15 minutes by default.
        assertThat(expiresAt).isBetween(Instant.now().plusSeconds(14 * 60), Instant.now().plusSeconds(15 * 60 + 1));
        assertThat(url).startsWith("/api/analytics/reports/" + report + "/file?expires=" + expiresAt.getEpochSecond() + "&signature=");
    }

    @Test
    void aValidLinkServesTheFileWithoutAToken() {
        HttpResponse<byte[]> file = download(url);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).contains("envia,3,3,0");
        // The same link works again until it expires.
        assertThat(download(url).statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredLinkIsRefused() {
        long past = Instant.now().minusSeconds(1).getEpochSecond();
        String expired = "/api/analytics/reports/" + report + "/file?expires=" + past + "&signature=" + links.signature(report, past);
        assertRefused(download(expired), "expired");
    }

    @Test
    void aTamperedLinkIsRefused() {
        // A later expiry with the old signature.
        String later = url.replaceFirst("expires=\\d+", "expires=" + Instant.now().plusSeconds(86_400).getEpochSecond());
        assertRefused(download(later), "signature");
        // Another report's id with this report's signature.
        UUID other = request(store, "KPIS", "CSV", DAY, DAY);
        assertRefused(download(url.replace(report.toString(), other.toString())), "signature");
        // A signature changed by one character, and none at all.
        String signature = url.substring(url.indexOf("signature=") + 10);
        char flipped = signature.charAt(0) == 'A' ? 'B' : 'A';
        assertRefused(download(url.replace("signature=" + signature, "signature=" + flipped + signature.substring(1))), "signature");
        assertRefused(download(url.substring(0, url.indexOf("&signature="))), "incomplete");
    }

    @Test
    void aLinkToADeletedReportIsNotFound() {
        jdbc.sql("DELETE FROM analytics.report_file WHERE id = :id").param("id", report).update();
        HttpResponse<byte[]> gone = download(url);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(get(TestTokens.owner(store), "/api/analytics/reports/" + report).status()).isEqualTo(404);
    }

    private static void assertRefused(HttpResponse<byte[]> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(problem.path("detail").asString()).contains(reason);
    }
}
