package com.litper.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testapp.TestApplication;
import com.litper.common.testing.Http;
import com.litper.common.testing.fuzz.HostileRequest;
import com.litper.common.testing.fuzz.RawHttp;
import com.litper.embedded.EmbeddedInfrastructure;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@ExtendWith(EmbeddedInfrastructure.class)
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "litper.web.max-request-body=2KB")
class WebErrorsTest {

    @LocalServerPort
    int port;

    Http http() {
        return Http.localhost(port);
    }

    private static void assertProblem(Http.Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asString()).isNotBlank();
        assertThat(body.path("requestId").asString()).isEqualTo(response.header("X-Request-Id"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void validBodyIsAccepted() {
        Http.Response response = http().post("/parcels", "application/json", "{\"reference\":\"A1\",\"weightGrams\":500}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("reference").asString()).isEqualTo("A1");
    }

    @Test
    void malformedJsonSaysWhereItBroke() {
        Http.Response response = http().post("/parcels", "application/json", "{\"reference\": \"A1\",\n \"weightGrams\": }");
        assertProblem(response, 400);
        assertThat(response.json().path("detail").asString()).startsWith("Malformed JSON at line 2, column");
    }

    @Test
    void wrongTypeNamesTheFieldAndTheExpectedType() {
        Http.Response response = http().post("/parcels", "application/json", "{\"reference\":\"A1\",\"weightGrams\":\"heavy\"}");
        assertProblem(response, 400);
        assertThat(response.json().path("detail").asString()).contains("'weightGrams'").contains("a number");
    }

    @Test
    void missingAndInvalidFieldsAreListed() {
        Http.Response response = http().post("/parcels", "application/json", "{\"weightGrams\":0}");
        assertProblem(response, 400);
        JsonNode body = response.json();
        assertThat(body.path("detail").asString()).contains("reference").contains("weightGrams");
        assertThat(body.path("errors")).hasSize(2);
    }

    @Test
    void missingBodyIsA400() {
        Http.Response response = http().post("/parcels", "application/json", "");
        assertProblem(response, 400);
        assertThat(response.json().path("detail").asString()).contains("missing");
    }

    @Test
    void unsupportedMediaTypeIsA415() {
        Http.Response response = http().post("/parcels", "text/plain", "reference=A1");
        assertProblem(response, 415);
        assertThat(response.json().path("detail").asString()).contains("text/plain");
    }

    @Test
    void wrongMethodIsA405WithAllow() {
        Http.Response response = http().send(HttpRequest.newBuilder(http().uri("/parcels")).DELETE(), Map.of());
        assertProblem(response, 405);
        assertThat(response.header("Allow")).contains("POST");
    }

    @Test
    void unknownPathIsA404() {
        assertProblem(http().get("/nowhere"), 404);
    }

    @Test
    void badPathVariableIsA400() {
        Http.Response response = http().get("/parcels/abc");
        assertProblem(response, 400);
        assertThat(response.json().path("detail").asString()).contains("'id'").contains("abc");
    }

    @Test
    void deliberateProblemsKeepTheirStatusAndDetail() {
        Http.Response response = http().get("/parcels/404");
        assertProblem(response, 404);
        assertThat(response.json().path("detail").asString()).isEqualTo("No parcel 404.");
    }

    @Test
    void unexpectedErrorsHideTheirCauseFromTheClientButLogIt(CapturedOutput output) {
        Http.Response response = http().get("/boom", Map.of("X-Request-Id", "boom-1"));
        assertProblem(response, 500);
        assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException");
        assertThat(output.getOut()).contains("boom-1").contains("IllegalStateException");
    }

    @Test
    void oversizedBodyWithContentLengthIsA413() {
        String big = "{\"reference\":\"" + "x".repeat(4096) + "\",\"weightGrams\":1}";
        assertProblem(http().post("/parcels", "application/json", big), 413);
    }

    @Test
    void oversizedChunkedBodyIsA413() {
        byte[] chunk = ("{\"reference\":\"" + "x".repeat(4096) + "\",\"weightGrams\":1}").getBytes();
        // A streaming publisher has no known length, so the client sends it chunked.
        var publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(chunk));
        Http.Response response = http().send(HttpRequest.newBuilder(http().uri("/parcels")).POST(publisher),
                Map.of("Content-Type", "application/json"));
        assertProblem(response, 413);
    }

    private RawHttp.Response raw(HostileRequest request) throws java.io.IOException {
        return RawHttp.localhost(port).send(request);
    }

    private static void assertRawProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asString()).isNotBlank();
    }

    @Test
    void requestsTomcatRefusesBeforeTheApplicationAreProblems() throws Exception {
        assertRawProblem(raw(HostileRequest.of("GET", "/parcels/%ZZ", "bad percent-encoding")), 400);
        HostileRequest twoLengths = HostileRequest.of("POST", "/parcels", "two Content-Lengths")
                .adding("Content-Length", "0").adding("Content-Length", "1");
        assertRawProblem(raw(twoLengths), 400);
    }

    @Test
    void pathsTheFirewallRefusesAreProblemsThatSayWhy() throws Exception {
        for (String path : java.util.List.of("/parcels/..;/boom", "//parcels//1", "/parcels/%2e%2e/boom", "/parcels;jsessionid=x")) {
            RawHttp.Response response = raw(HostileRequest.of("GET", path, "path trick"));
            assertRawProblem(response, 400);
            assertThat(response.text()).as(path).contains("refused before it was read");
        }
    }

    @Test
    void aWildcardContentTypeIsA415() {
        assertProblem(http().post("/parcels", "application/*", "{\"reference\":\"A1\",\"weightGrams\":500}"), 415);
    }

    @Test
    void anAcceptWithoutJsonStillGetsJson() {
        for (String accept : java.util.List.of("text/html", ";;;", "application/xml")) {
            Http.Response response = http().send(HttpRequest.newBuilder(http().uri("/parcels"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reference\":\"A1\",\"weightGrams\":500}")),
                    Map.of("Content-Type", "application/json", "Accept", accept));
            assertThat(response.status()).as(accept).isEqualTo(200);
            assertThat(response.contentType()).startsWith("application/json");
        }
        Http.Response missing = http().get("/parcels/404", Map.of("Accept", "text/html"));
        assertProblem(missing, 404);
    }

    @Test
    void textThatCannotBeStoredOrNumbersOutOfRangeNameTheField() {
        Http.Response nul = http().post("/parcels", "application/json", "{\"reference\":\"A\\u0000\",\"weightGrams\":500}");
        assertProblem(nul, 400);
        assertThat(nul.json().path("detail").asString()).contains("'reference'").contains("NUL");
        Http.Response surrogate = http().post("/parcels", "application/json", "{\"reference\":\"\\ud800\",\"weightGrams\":500}");
        assertProblem(surrogate, 400);
        assertThat(surrogate.json().path("detail").asString()).contains("'reference'").contains("surrogate");
        Http.Response range = http().post("/parcels", "application/json", "{\"reference\":\"A1\",\"weightGrams\":2147483648}");
        assertProblem(range, 400);
        assertThat(range.json().path("detail").asString()).contains("'weightGrams'").contains("out of range");
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        assertThat(http().get("/parcels/1", Map.of("X-Request-Id", "order-42.retry:1")).header("X-Request-Id"))
                .isEqualTo("order-42.retry:1");
        String generated = http().get("/parcels/1").header("X-Request-Id");
        assertThat(generated).matches("[0-9a-f-]{36}");
        // Text that is not a plain token never reaches logs or headers: a fresh id replaces it.
        String replaced = http().get("/parcels/1", Map.of("X-Request-Id", "bad id {with} spaces")).header("X-Request-Id");
        assertThat(replaced).matches("[0-9a-f-]{36}");
    }

    @Test
    void logsAreJsonLinesCarryingTheRequestId(CapturedOutput output) {
        http().post("/parcels", "application/json", "{\"reference\":\"LOG-7\",\"weightGrams\":5}").status();
        String line = output.getOut().lines().filter(l -> l.contains("parcel accepted LOG-7")).findFirst().orElseThrow();
        JsonNode json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(line);
        assertThat(json.path("message").asString()).isEqualTo("parcel accepted LOG-7");
        assertThat(json.path("requestId").asString()).matches("[0-9a-f-]{36}");
        assertThat(json.path("service").path("name").asString()).isEqualTo("litper-common-test");
    }

    @Test
    void logLinesOfARequestCarryItsTraceAndSpanIds(CapturedOutput output) {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callersSpanId = "00f067aa0ba902b7";
        Map<String, String> headers = Map.of("Content-Type", "application/json", "traceparent", "00-" + traceId + "-" + callersSpanId + "-01");
        int status = http().send(java.net.http.HttpRequest.newBuilder(http().uri("/parcels"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"reference\":\"LOG-8\",\"weightGrams\":5}")), headers).status();
        assertThat(status).isEqualTo(200);
        String line = output.getOut().lines().filter(l -> l.contains("parcel accepted LOG-8")).findFirst().orElseThrow();
        JsonNode json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(line);
        // The server span of the request is the child of the caller's: same trace, a span of its own.
        assertThat(json.path("traceId").asString()).as(line).isEqualTo(traceId);
        assertThat(json.path("spanId").asString()).as(line).matches("[0-9a-f]{16}").isNotEqualTo(callersSpanId);
    }
}
