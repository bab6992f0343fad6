package com.litper.common.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.litper.common.task.Contract;
import com.litper.common.task.PayloadCodec;
import com.litper.common.task.TaskContracts;
import com.litper.common.task.TaskPayload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pins every contract's wire format against committed examples
 * ({@code src/test/resources/contracts/<type>.v<version>.json}): the current version's example
 * must be exactly what the record writes, and every version's example must still be readable with
 * unknown fields refused, so a removed or renamed field fails the build. To add a version, commit its
 * example; {@code -Dcontracts.write-missing=true} writes the current version's example when it is missing.
 */
class ContractExamplesTest {

    private static final Path EXAMPLES = Path.of("src/test/resources/contracts");
    private static final PayloadCodec CODEC = PayloadCodec.standard();
    private static final TaskContracts CONTRACTS = TaskContracts.litper();
    /** Refuses what the production codec tolerates: a field the record no longer has. */
    private static final JsonMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static final UUID ORDER = UUID.fromString("0d6f3c1e-8f0a-4c59-9d36-2b8e7f4a1c20");
    private static final UUID STORE = UUID.fromString("6f1c2a3e-2b6d-4a8e-9a51-0c3d8e1f7a10");
    private static final UUID SHIPMENT = UUID.fromString("a3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    private static final UUID CHAT_MESSAGE = UUID.fromString("7c2e4a1b-3d5f-4e6a-9b8c-1d2e3f4a5b6c");
    private static final UUID ACTION = UUID.fromString("5e8d1c2b-7a6f-4b3e-8d9c-2f1e0a9b8c7d");
    private static final Instant AT = Instant.parse("2026-11-25T13:00:00Z");

    /** One valid payload of every contract, with every field set, as the examples hold them. */
    static Map<Class<? extends TaskPayload>, TaskPayload> samples() {
        Map<Class<? extends TaskPayload>, TaskPayload> samples = new LinkedHashMap<>();
        samples.put(ProcessOrder.class, new ProcessOrder(ORDER, STORE, "Tienda Ana", new ProcessOrder.Buyer("Ana Gómez", "+573001234567"),
                new ProcessOrder.Destination("Calle 10 # 20-30", "05001", "Medellín", "05", "Antioquia"),
                List.of(new ProcessOrder.Item("TSHIRT-M", "Camiseta M", 2, 45000)), 90000L, 90000L, "coordinadora", AT, "11001"));
        samples.put(ShipmentBooked.class, new ShipmentBooked(ORDER, STORE, "coordinadora", "CO123456789", "Ana Gómez", "+573001234567", AT,
                java.time.LocalDate.parse("2026-11-30"), 14500L));
        samples.put(CarrierEvent.class, new CarrierEvent("coordinadora",
                new CarrierEvent.Event("evt-1", "CO123456789", "ENTREGADO", AT, "Entregado", null, 90000L)));
        samples.put(UpdateTracking.class, new UpdateTracking("tcc", "TCC987654", SHIPMENT.toString()));
        samples.put(ShipmentUpdate.class, new ShipmentUpdate(ORDER, STORE, SHIPMENT, "coordinadora", "CO123456789", "EXCEPTION",
                "dirección incorrecta", 3L, AT, new ShipmentUpdate.Event("evt-2", "EXCEPTION", "NOVEDAD", AT, "Novedad en la entrega",
                        "dirección incorrecta", true)));
        samples.put(NotifyBuyer.class, new NotifyBuyer(STORE, ORDER, "+573001234567", "Ana", NotifyBuyer.Event.EXCEPTION,
                "dirección incorrecta", "CO123456789", "Coordinadora", SHIPMENT, AT));
        samples.put(SendWhatsapp.class, new SendWhatsapp("+573001234567", "order_shipped", "es", List.of("Ana", "CO123456789", "Coordinadora"),
                "Hola Ana, tu pedido ya fue despachado con Coordinadora. Tu número de guía es CO123456789.", ORDER.toString(),
                SHIPMENT.toString(), "SHIPPED", true, STORE, CHAT_MESSAGE.toString(),
                List.of(new SendWhatsapp.Button("action:" + ACTION + ":yes", "Sí, cambiar"), new SendWhatsapp.Button("action:" + ACTION + ":no", "No"))));
        samples.put(WhatsappSent.class, new WhatsappSent("wamid.HBgMNTczMDAxMjM0NTY3", "+573001234567", "106540352242922", "order_shipped",
                "es", "Hola Ana, tu pedido ya fue despachado.", ORDER.toString(), AT, STORE, CHAT_MESSAGE.toString(), "whatsapp:chat:" + CHAT_MESSAGE));
        samples.put(WhatsappFailed.class, new WhatsappFailed("mwz6f5ql20ywrp4e", "+573001234567", "106540352242922", STORE,
                ORDER.toString(), "order_shipped", "es", "Hola Ana, tu pedido ya fue despachado.", 131026, "Message Undeliverable.", AT,
                CHAT_MESSAGE.toString(), "whatsapp:chat:" + CHAT_MESSAGE));
        samples.put(OrderMessage.class, new OrderMessage(ORDER, "wamid.HBgMNTczMDAxMjM0NTY3", "+573001234567", "order_shipped", "es",
                "Hola Ana, tu pedido ya fue despachado.", "SHIPPED", AT));
        samples.put(OrderFailed.class, new OrderFailed(ORDER, "servientrega", "servientrega refused the booking: 422", AT));
        samples.put(InboundMessage.class, new InboundMessage(SHIPMENT, STORE, "+573001234567", "Ana", "¿Dónde está mi pedido?", "text",
                "wamid.HBgMNTczMDAxMjM0NTY4", AT, List.of(new InboundMessage.Order(ORDER, "EXCEPTION", "Cliente ausente", "SV123456789",
                        "Servientrega", AT)), "action:" + ACTION + ":yes"));
        samples.put(AgentReply.class, new AgentReply(SHIPMENT, STORE, "Hola Ana, tu pedido con guía SV123456789 de Servientrega tuvo una"
                + " novedad: Cliente ausente.", CHAT_MESSAGE, List.of("wamid.HBgMNTczMDAxMjM0NTY4"), AT));
        samples.put(AgentHandover.class, new AgentHandover(SHIPMENT, STORE, AgentHandover.Reason.BUYER_ASKED,
                "La compradora pide hablar con una persona sobre la novedad de su pedido SV123456789.", CHAT_MESSAGE));
        samples.put(ConfirmOrderAction.class, new ConfirmOrderAction(SHIPMENT, STORE, ACTION, "¿Cambiamos la dirección de entrega de tu"
                + " pedido SV123456789 a Calle 10 # 20-30, Medellín?", List.of(new SendWhatsapp.Button("action:" + ACTION + ":yes", "Sí, cambiar"),
                new SendWhatsapp.Button("action:" + ACTION + ":no", "No")), AT));
        samples.put(ApplyOrderAction.class, new ApplyOrderAction(ACTION, STORE, ORDER, SHIPMENT, ApplyOrderAction.Kind.DELIVERY_CHANGE,
                "Calle 10 # 20-30", "Medellín", java.time.LocalDate.parse("2026-11-30"), AT));
        samples.put(OrderActionResult.class, new OrderActionResult(ACTION, STORE, ORDER, SHIPMENT, ApplyOrderAction.Kind.CANCEL,
                OrderActionResult.Outcome.REFUSED, "La transportadora ya recogió el pedido.", AT));
        samples.put(Alert.class, new Alert("critical", "carrier:coordinadora", "Circuit of carrier coordinadora opened"));
        samples.put(ImportSettlement.class, new ImportSettlement("coordinadora", "liquidacion-2026-11-25.csv",
                "guia,fecha,recaudo,flete,comision,flete_devolucion,neto_girado\nCO123456789,2026-11-25,90000,10900,2700,0,76400\n",
                "operator:ana", AT));
        samples.put(GenerateReport.class, new GenerateReport(UUID.fromString("5b1f3c2a-8d4e-4f6a-9b7c-0d1e2f3a4b5c"), STORE));
        samples.put(OrderPlaced.class, new OrderPlaced(ORDER, STORE, "11001", "05001", "05", 90000L, 90000L, AT));
        samples.put(ShipmentChanged.class, new ShipmentChanged(ORDER, STORE, SHIPMENT, "coordinadora", "CO123456789", "EXCEPTION", 3L,
                new ShipmentChanged.Event("evt-2", "EXCEPTION", "NOVEDAD", AT, "dirección incorrecta", true), NovedadCause.WRONG_ADDRESS,
                null, null, null));
        return samples;
    }

    static Stream<Contract> contracts() {
        return CONTRACTS.all().stream();
    }

    @Test
    void everyContractHasASample() {
        assertThat(samples().keySet()).containsExactlyInAnyOrderElementsOf(Contracts.ALL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void theCurrentVersionWritesExactlyItsCommittedExample(Contract contract) throws IOException {
        TaskPayload sample = samples().get(contract.type());
        String written = CODEC.encode(contract, sample);
        Path example = example(contract, contract.version());
        if (!Files.exists(example) && Boolean.getBoolean("contracts.write-missing")) {
            Files.writeString(example, STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(STRICT.readTree(written)) + "\n",
                    StandardCharsets.UTF_8);
        }
        assertThat(example).as("committed example of %s v%d", contract.name(), contract.version()).exists();
        JsonNode committed = STRICT.readTree(Files.readString(example));
        assertThat(STRICT.readTree(written)).as("%s as written now vs %s", contract.name(), example).isEqualTo(committed);
        // And it reads back into the same record.
        assertThat(CODEC.decode(contract, contract.type(), Files.readString(example))).isEqualTo(sample);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contracts")
    void everyVersionsExampleIsStillReadableWithUnknownFieldsRefused(Contract contract) throws IOException {
        for (int version = 1; version <= contract.version(); version++) {
            Path example = example(contract, version);
            assertThat(example).as("example of %s v%d", contract.name(), version).exists();
            TaskPayload read = STRICT.readValue(Files.readString(example), contract.type());
            assertThat(read).isNotNull();
            // Valid as well as readable: a field made required since then fails here too.
            CODEC.encode(contract, read);
        }
    }

    @Test
    void aPayloadOfANewerReleaseWithFieldsThisOneDoesNotKnowIsStillRead() {
        Contract contract = CONTRACTS.of(OrderFailed.class);
        String newer = "{\"orderId\":\"" + ORDER + "\",\"carrier\":null,\"reason\":\"refused\",\"failedAt\":\"2026-11-25T13:00:00Z\","
                + "\"retryable\":false,\"detail\":{\"code\":422}}";
        assertThat(CODEC.decode(contract, OrderFailed.class, newer)).isEqualTo(new OrderFailed(ORDER, null, "refused", AT));
    }

    @Test
    void anInboundMessageOfTheReleaseBeforeTheOrdersSnapshotIsStillReadWithoutOrders() {
        Contract contract = CONTRACTS.of(InboundMessage.class);
        String older = "{\"conversationId\":\"" + SHIPMENT + "\",\"storeId\":\"" + STORE + "\",\"from\":\"+573001234567\",\"name\":\"Ana\","
                + "\"text\":\"hola\",\"type\":\"text\",\"whatsappMessageId\":\"wamid.1\",\"receivedAt\":\"2026-11-25T13:00:00Z\"}";
        assertThat(CODEC.decode(contract, InboundMessage.class, older).orders()).isNull();
        String tooMany = older.replace("}", ",\"orders\":[" + String.join(",", java.util.Collections.nCopies(6,
                "{\"orderId\":\"" + ORDER + "\",\"lastEventAt\":\"2026-11-25T13:00:00Z\"}")) + "]}");
        assertThatThrownBy(() -> CODEC.decode(contract, InboundMessage.class, tooMany)).hasMessageContaining("orders size must be between 0 and 5");
    }

    @Test
    void aRenamedFieldIsCaughtByTheStrictRead() {
        String renamed = "{\"orderId\":\"" + ORDER + "\",\"carrierCode\":\"tcc\",\"reason\":\"refused\",\"failedAt\":\"2026-11-25T13:00:00Z\"}";
        assertThatThrownBy(() -> STRICT.readValue(renamed, OrderFailed.class)).hasMessageContaining("carrierCode");
    }

    @Test
    void anInvalidPayloadIsRefusedOnBothSidesNamingTheFieldsButNotTheirValues() {
        Contract contract = CONTRACTS.of(ShipmentBooked.class);
        ShipmentBooked invalid = new ShipmentBooked(ORDER, null, " ", "CO1", "Ana", "+573001234567", null);
        assertThatThrownBy(() -> CODEC.encode(contract, invalid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shipment_booked payload (shipment-booked:" + ORDER + ") is invalid: bookedAt must not be null, "
                        + "carrier must not be blank, storeId must not be null");
        String json = "{\"orderId\":\"" + ORDER + "\",\"carrier\":\"tcc\",\"trackingNumber\":\"T1\",\"buyerPhone\":\"+573001234567\"}";
        assertThatThrownBy(() -> CODEC.decode(contract, ShipmentBooked.class, json)).isInstanceOf(PayloadCodec.InvalidPayloadException.class)
                .hasMessageContaining("bookedAt must not be null").hasMessageContaining("storeId must not be null")
                .hasMessageNotContaining("+573001234567");
    }

    @Test
    void aNovedadMustSayWhyAndTheBuyersFirstNameIsTheFirstWord() {
        Contract contract = CONTRACTS.of(NotifyBuyer.class);
        NotifyBuyer noReason = new NotifyBuyer(STORE, ORDER, "+573001234567", "Ana", NotifyBuyer.Event.EXCEPTION, " ", "CO1",
                "Coordinadora", null, AT);
        assertThatThrownBy(() -> CODEC.encode(contract, noReason)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reasonOfException must be given for an EXCEPTION");
        NotifyBuyer shipped = new NotifyBuyer(STORE, ORDER, "+573001234567", null, NotifyBuyer.Event.SHIPPED, null, "CO1", "Coordinadora",
                null, AT);
        assertThat(CODEC.decode(contract, NotifyBuyer.class, CODEC.encode(contract, shipped))).isEqualTo(shipped);
        assertThat(NotifyBuyer.firstName("  Ana María Gómez ")).isEqualTo("Ana");
        assertThat(NotifyBuyer.firstName(" ")).isNull();
    }

    @Test
    void deDuplicationRulesLiveWithTheContracts() {
        assertThat(samples().get(ShipmentUpdate.class).dedupKey()).isEqualTo("shipment-update:" + SHIPMENT + ":evt-2");
        assertThat(samples().get(CarrierEvent.class).dedupKey()).isEqualTo("carrier:coordinadora:evt-1");
        assertThat(samples().get(OrderPlaced.class).dedupKey()).isEqualTo("order-placed:" + ORDER);
        assertThat(samples().get(ShipmentChanged.class).dedupKey()).isEqualTo("shipment-changed:" + SHIPMENT + ":evt-2");
        // "Shipped" is one message per order, whichever service sends it first.
        SendWhatsapp shipped = new SendWhatsapp("+573001234567", "order_shipped", "es", List.of("Ana", "CO123456789", "Coordinadora"),
                null, ORDER.toString(), SHIPMENT.toString(), "SHIPPED", false, STORE);
        assertThat(shipped.dedupKey()).isEqualTo("whatsapp:" + ORDER + ":shipped");
        // A reply written in the inbox is one message per chat message, whatever else it carries.
        assertThat(samples().get(SendWhatsapp.class).dedupKey()).isEqualTo("whatsapp:chat:" + CHAT_MESSAGE);
        SendWhatsapp outForDelivery = new SendWhatsapp("+573001234567", "order_out_for_delivery", "es", List.of("Ana"), null,
                ORDER.toString(), SHIPMENT.toString(), "OUT_FOR_DELIVERY", null, null);
        assertThat(outForDelivery.dedupKey()).isEqualTo("whatsapp:" + SHIPMENT + ":OUT_FOR_DELIVERY");
        assertThat(samples().get(WhatsappFailed.class).dedupKey()).isEqualTo("whatsapp-failed:mwz6f5ql20ywrp4e");
        // What happened to an order is told once per order and event, whichever service reports it.
        assertThat(samples().get(NotifyBuyer.class).dedupKey()).isEqualTo("notify-buyer:" + ORDER + ":EXCEPTION");
        NotifyBuyer booked = new NotifyBuyer(STORE, ORDER, "+573001234567", "Ana", NotifyBuyer.Event.SHIPPED, null, "CO123456789",
                "Coordinadora", null, AT);
        NotifyBuyer pickedUp = new NotifyBuyer(STORE, ORDER, "+573001234567", "Ana", NotifyBuyer.Event.SHIPPED, null, "CO123456789",
                "Coordinadora", SHIPMENT, AT.plusSeconds(3600));
        assertThat(booked.dedupKey()).isEqualTo(pickedUp.dedupKey()).isEqualTo("notify-buyer:" + ORDER + ":SHIPPED");
    }

    private static Path example(Contract contract, int version) {
        return EXAMPLES.resolve(contract.name() + ".v" + version + ".json");
    }
}
