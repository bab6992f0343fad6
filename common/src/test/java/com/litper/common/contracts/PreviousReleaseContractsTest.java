package com.litper.common.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.task.Contract;
import com.litper.common.task.PayloadCodec;
import com.litper.common.task.TaskContracts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tasks wait in Redis while a rolling upgrade runs, so each release reads the other's tasks: the
 * previous release's workers read what this release writes, and this release's workers read what the
 * previous release wrote. The previous release's shape of each contract is a committed snapshot,
 * {@code src/test/resources/contracts/previous-release/<type>.json}: its example and the members its
 * reader requires (found by leaving each out, as that release's record and validation saw it).
 *
 * <p>At each release, refresh the snapshots from that release's code with
 * {@code -Dcontracts.previous-release="<release>"} (docs/database.md, "Rolling upgrades").
 */
class PreviousReleaseContractsTest {

    private static final Path EXAMPLES = Path.of("src/test/resources/contracts");
    private static final Path SNAPSHOTS = EXAMPLES.resolve("previous-release");
    private static final PayloadCodec CODEC = PayloadCodec.standard();
    private static final TaskContracts CONTRACTS = TaskContracts.litper();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One contract as the previous release read it. */
    record Snapshot(String release, String contract, int version, List<String> required, JsonNode example) {

        static Snapshot read(Path file) throws IOException {
            JsonNode node = JSON.readTree(Files.readString(file));
            List<String> required = new ArrayList<>();
            node.get("required").values().forEach(path -> required.add(path.asString()));
            return new Snapshot(node.get("release").asString(), node.get("contract").asString(), node.get("version").asInt(), required,
                    node.get("example"));
        }
    }

    static Stream<Contract> contracts() {
        return CONTRACTS.all().stream();
    }

    static Stream<Path> snapshots() throws IOException {
        String release = System.getProperty("contracts.previous-release");
        if (release != null && !release.isBlank()) {
            writeSnapshots(release);
        }
        try (Stream<Path> files = Files.list(SNAPSHOTS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void everyContractHasASnapshotOfThePreviousRelease() throws IOException {
        // A contract new in this release has none; the list below names them until the next refresh.
        List<String> newInThisRelease = List.of("confirm_order_action", "apply_order_action", "order_action_result",
                "import_settlement", "generate_report", "order_placed", "shipment_changed");
        for (Contract contract : CONTRACTS.all()) {
            if (!newInThisRelease.contains(contract.name())) {
                assertThat(SNAPSHOTS.resolve(contract.name() + ".json")).as("previous-release snapshot of %s", contract.name()).exists();
            }
        }
        assertThat(snapshots()).isNotEmpty();
    }

    /** New workers, old tasks: what the previous release wrote is still read, and valid, by this release's record. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void thisReleaseReadsWhatThePreviousReleaseWrote(Path file) throws IOException {
        Snapshot snapshot = Snapshot.read(file);
        Contract contract = CONTRACTS.named(snapshot.contract()).orElse(null);
        assertThat(contract).as("%s: the previous release (%s) still sends these tasks, but this release has no such contract;"
                + " keep the contract and its handler for one more release", snapshot.contract(), snapshot.release()).isNotNull();
        assertThat(CODEC.decode(contract, contract.type(), snapshot.example().toString())).isNotNull();
    }

    /** Old workers, new tasks: this release writes every member the previous release requires, with the same JSON types. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void thePreviousReleaseReadsWhatThisReleaseWrites(Path file) throws IOException {
        Snapshot snapshot = Snapshot.read(file);
        Contract contract = CONTRACTS.named(snapshot.contract()).orElseThrow();
        Path current = EXAMPLES.resolve(contract.name() + ".v" + contract.version() + ".json");
        List<String> problems = ContractShapes.problems(contract.name(), snapshot.release(), snapshot.example(), snapshot.required(),
                JSON.readTree(Files.readString(current)), "contracts/" + current.getFileName());
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void aRemovedOrRetypedFieldIsCaughtNamingTheContractAndTheField() throws IOException {
        Snapshot snapshot = Snapshot.read(SNAPSHOTS.resolve("process_order.json"));
        ObjectNode doctored = (ObjectNode) JSON.readTree(Files.readString(EXAMPLES.resolve("process_order.v1.json")));
        ((ObjectNode) doctored.get("buyer")).remove("phone");
        doctored.put("declaredValue", "90000");
        ((ObjectNode) doctored.get("items").get(0)).remove("quantity");
        doctored.remove("preferredCarrier");
        ((ObjectNode) doctored.get("items").get(0)).remove("sku");

        List<String> problems = ContractShapes.problems("process_order", snapshot.release(), snapshot.example(), snapshot.required(),
                doctored, "doctored.json");

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("process_order: 'buyer.phone' is required by the reader of the previous release")
                .contains("Keep writing 'buyer.phone', with the same JSON type, through this release");
        assertThat(problems.get(1)).startsWith("process_order: 'items[].quantity' is required");
        assertThat(problems.get(2)).startsWith("process_order: 'declaredValue' was NUMBER in the previous release")
                .contains("is STRING in what this release writes (doctored.json)");
        // preferredCarrier and an item's sku are optional: leaving them out is no problem for the previous release.
        assertThat(snapshot.required()).contains("orderId", "buyer", "buyer.phone", "items", "items[].quantity")
                .doesNotContain("preferredCarrier", "items[].sku");
    }

    @Test
    void theRequiredMembersAreFoundByLeavingEachOut() {
        // OrderFailed lets carrier and failedAt be null.
        Contract contract = CONTRACTS.of(OrderFailed.class);
        JsonNode example = JSON.readTree("{\"orderId\":\"0d6f3c1e-8f0a-4c59-9d36-2b8e7f4a1c20\",\"carrier\":\"tcc\","
                + "\"reason\":\"refused\",\"failedAt\":\"2026-11-25T13:00:00Z\"}");
        assertThat(ContractShapes.required(contract, CODEC, example)).containsExactly("orderId", "reason");
    }

    /** Writes each contract's snapshot from this checkout's record and current example: run at a release. */
    private static void writeSnapshots(String release) throws IOException {
        Files.createDirectories(SNAPSHOTS);
        for (Contract contract : CONTRACTS.all()) {
            JsonNode example = JSON.readTree(Files.readString(EXAMPLES.resolve(contract.name() + ".v" + contract.version() + ".json")));
            ObjectNode snapshot = JSON.createObjectNode();
            snapshot.put("release", release);
            snapshot.put("contract", contract.name());
            snapshot.put("version", contract.version());
            var required = snapshot.putArray("required");
            ContractShapes.required(contract, CODEC, example).forEach(required::add);
            snapshot.set("example", example);
            Files.writeString(SNAPSHOTS.resolve(contract.name() + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot) + "\n", StandardCharsets.UTF_8);
        }
    }
}
