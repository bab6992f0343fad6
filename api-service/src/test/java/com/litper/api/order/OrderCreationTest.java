package com.litper.api.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.api.ApiTestSupport;
import com.litper.api.store.ApiKeys;
import com.litper.common.testing.Http;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class OrderCreationTest extends ApiTestSupport {

    @Test
    void createsAnOrderWithNormalisedPhoneAndDanePlace() {
        ApiKeys.NewKey store = newStore();
        Http.Response response = post(store.key(), "/api/orders", order());

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode order = response.json();
        assertThat(response.header("Location")).isEqualTo("/api/orders/" + order.path("id").asString());
        assertThat(order.path("status").asString()).isEqualTo("CREATED");
        assertThat(order.path("buyer").path("name").asString()).isEqualTo("Ana Gómez");
        assertThat(order.path("buyer").path("phone").asString()).isEqualTo("+573001234567");
        assertThat(order.path("destination").path("municipalityCode").asString()).isEqualTo("11001");
        assertThat(order.path("destination").path("departmentCode").asString()).isEqualTo("11");
        assertThat(order.path("items").get(0).path("unitPrice").asLong()).isEqualTo(45000);
        assertThat(order.path("declaredValue").asLong()).isEqualTo(90000);
        assertThat(order.path("cashOnDelivery").asLong()).isEqualTo(90000);
        assertThat(order.path("preferredCarrier").asString()).isEqualTo("coordinadora");
        assertThat(ordersOf(store.storeId())).isEqualTo(1);

        Http.Response read = get(store.key(), response.header("Location"));
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(order);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "3001234567", "300 123 4567", "300-123-4567", "+573001234567", "+57 300 123 4567", "57 300 123 4567", "(300) 123.4567"})
    void acceptsColombianMobilesAsPeopleTypeThem(String phone) {
        ApiKeys.NewKey store = newStore();
        Http.Response response = post(store.key(), "/api/orders",
                order(Map.of("buyer", "{\"name\": \"Ana\", \"phone\": \"" + phone + "\"}")));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("buyer").path("phone").asString()).isEqualTo("+573001234567");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Bogotá | - | 11001",
            "BOGOTA, D.C. | - | 11001",
            "bogota dc | Bogota | 11001",
            "11001 | - | 11001",
            "medellín | antioquia | 05001",
            "5001 | 5 | 05001",
            "Armenia | Quindío | 63001",
            "ARMENIA | 05 | 05059",
            "Briceño | Boyacá | 15106",
            "Pasto | Nariño | 52001",
            "Cartagena de Indias | - | 13001"})
    void matchesDaneNamesAndCodes(String city, String department, String code) {
        ApiKeys.NewKey store = newStore();
        String destination = "{\"address\": \"Cra 1\", \"city\": \"" + city + "\""
                + (department == null ? "" : ", \"department\": \"" + department + "\"") + "}";
        Http.Response response = post(store.key(), "/api/orders", order(Map.of("destination", destination)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("destination").path("municipalityCode").asString()).isEqualTo(code);
    }

    @Test
    void prepaidOrdersHaveNoCashOnDeliveryAndCarrierIsOptional() {
        ApiKeys.NewKey store = newStore();
        Map<String, String> changes = new java.util.HashMap<>();
        changes.put("cashOnDelivery", "0");
        changes.put("preferredCarrier", null);
        Http.Response response = post(store.key(), "/api/orders", order(changes));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("cashOnDelivery").asLong()).isZero();
        assertThat(response.json().path("preferredCarrier").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad phone | buyer | {\"name\": \"Ana\", \"phone\": \"601 555 1234\"} | buyer.phone",
            "landline with +57 | buyer | {\"name\": \"Ana\", \"phone\": \"+57 1 555 1234\"} | buyer.phone",
            "missing phone | buyer | {\"name\": \"Ana\"} | buyer.phone",
            "unknown city | destination | {\"address\": \"x\", \"city\": \"Gotham\"} | destination.city",
            "ambiguous city | destination | {\"address\": \"x\", \"city\": \"Armenia\"} | destination.department",
            "city not in department | destination | {\"address\": \"x\", \"city\": \"Medellín\", \"department\": \"Cundinamarca\"} | destination.city",
            "unknown department | destination | {\"address\": \"x\", \"city\": \"Cali\", \"department\": \"Texas\"} | destination.department",
            "code in other department | destination | {\"address\": \"x\", \"city\": \"05001\", \"department\": \"76\"} | destination.department",
            "unknown code | destination | {\"address\": \"x\", \"city\": \"99999\"} | destination.city",
            "empty items | items | [] | items",
            "zero quantity | items | [{\"sku\": \"A\", \"name\": \"A\", \"quantity\": 0, \"unitPrice\": 1}] | items[0].quantity",
            "negative price | items | [{\"sku\": \"A\", \"name\": \"A\", \"quantity\": 1, \"unitPrice\": -5}] | items[0].unitPrice",
            "negative declared value | declaredValue | -1 | declaredValue",
            "negative cash on delivery | cashOnDelivery | -100 | cashOnDelivery",
            "cents | cashOnDelivery | 100.50 | cashOnDelivery",
            "unknown carrier | preferredCarrier | \"dhl\" | preferredCarrier"})
    void refusesInvalidOrdersNamingTheField(String name, String member, String value, String field) {
        ApiKeys.NewKey store = newStore();
        Http.Response response = post(store.key(), "/api/orders", order(Map.of(member, value)));
        assertProblem(response, 400);
        assertThat(response.json().path("errors").findValuesAsString("field")).contains(field);
        assertThat(response.json().path("detail").asString()).contains(field);
        assertThat(ordersOf(store.storeId())).isZero();
    }

    @Test
    void theDetailSaysWhatIsWrongWithEachField() {
        ApiKeys.NewKey store = newStore();
        Http.Response response = post(store.key(), "/api/orders", order(Map.of("cashOnDelivery", "100.50",
                "buyer", "{\"name\": \"Ana\", \"phone\": \"601 555 1234\"}", "preferredCarrier", "\"dhl\"")));
        assertProblem(response, 400);
        // The request's own rules are reported together; the carrier is checked only once they pass.
        assertThat(response.json().path("detail").asString())
                .contains("cashOnDelivery must be a whole number of pesos, was 100.50")
                .contains("buyer.phone must be a Colombian mobile number");
    }

    @Test
    void ambiguousCityNamesTheDepartmentsToChooseFrom() {
        ApiKeys.NewKey store = newStore();
        Http.Response response = post(store.key(), "/api/orders",
                order(Map.of("destination", "{\"address\": \"x\", \"city\": \"Barbosa\"}")));
        assertProblem(response, 400);
        assertThat(response.json().path("detail").asString()).contains("ANTIOQUIA").contains("SANTANDER");
    }

    @Test
    void refusesMalformedJsonWrongTypesAndMissingBodies() {
        ApiKeys.NewKey store = newStore();
        Http.Response malformed = post(store.key(), "/api/orders", "{\"buyer\": {\"name\": \"Ana\",");
        assertProblem(malformed, 400);
        assertThat(malformed.json().path("detail").asString()).startsWith("Malformed JSON");

        Http.Response wrongType = post(store.key(), "/api/orders",
                order(Map.of("items", "[{\"sku\": \"A\", \"name\": \"A\", \"quantity\": \"two\", \"unitPrice\": 1}]")));
        assertProblem(wrongType, 400);
        assertThat(wrongType.json().path("detail").asString()).contains("quantity").contains("a number");

        Http.Response notAnObject = post(store.key(), "/api/orders", order(Map.of("buyer", "\"Ana\"")));
        assertProblem(notAnObject, 400);

        assertProblem(post(store.key(), "/api/orders", ""), 400);
        assertThat(ordersOf(store.storeId())).isZero();
    }

    @Test
    void refusesOversizedBodies() {
        ApiKeys.NewKey store = newStore();
        String huge = order(Map.of("destination", "{\"address\": \"" + "x".repeat(2_000_000) + "\", \"city\": \"Cali\"}"));
        Http.Response response = post(store.key(), "/api/orders", huge);
        assertProblem(response, 413);
        assertThat(ordersOf(store.storeId())).isZero();
    }

    @Test
    void refusesOtherMediaTypes() {
        ApiKeys.NewKey store = newStore();
        Http.Response response = post(store.key(), "/api/orders", "buyer=Ana", Map.of("Content-Type", "text/plain"));
        assertProblem(response, 415);
        assertThat(ordersOf(store.storeId())).isZero();
    }
}
