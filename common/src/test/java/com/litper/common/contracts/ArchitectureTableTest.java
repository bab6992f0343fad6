package com.litper.common.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.task.Contract;
import com.litper.common.task.TaskContracts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code docs/architecture.md}'s "Where tasks run" table says what the contracts say, row for row. */
class ArchitectureTableTest {

    /** Which service consumes each named queue. */
    private static final Map<String, String> CONSUMER_OF_QUEUE = Map.of(
            "api", "api-service",
            "worker", "worker-service",
            "tracking", "tracking-service",
            "chat", "chat-service",
            "agents", "agent-orchestrator",
            "analytics", "analytics-service");

    record Row(String type, String contract, String queue, String priority, String consumer) {
    }

    @Test
    void everyContractIsARowWithItsQueuePriorityAndConsumer() throws IOException {
        Map<String, Row> rows = table();
        List<Contract> contracts = TaskContracts.litper().all();
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(contracts.stream().map(Contract::name).toList());
        for (Contract contract : contracts) {
            Row row = rows.get(contract.name());
            assertThat(row.contract()).as("contract of %s", contract.name()).isEqualTo(contract.type().getSimpleName());
            assertThat(row.queue()).as("queue of %s", contract.name()).isEqualTo(contract.queue());
            assertThat(row.priority()).as("priority of %s", contract.name()).isEqualTo(contract.priority().name());
            assertThat(row.consumer()).as("consumer of %s", contract.name()).startsWith(CONSUMER_OF_QUEUE.get(contract.queue()));
        }
    }

    private static Map<String, Row> table() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../docs/architecture.md"));
        int start = lines.indexOf("## Where tasks run");
        assertThat(start).as("section 'Where tasks run' in docs/architecture.md").isNotNegative();
        Map<String, Row> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| task type |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                if (!rows.isEmpty()) {
                    break;
                }
                continue;
            }
            String[] cells = line.split("\\|");
            // cells[0] is empty: the line starts with '|'.
            rows.put(plain(cells[1]), new Row(plain(cells[1]), plain(cells[2]), plain(cells[3]), plain(cells[4]), plain(cells[6])));
        }
        return rows;
    }

    private static String plain(String cell) {
        return cell.strip().replace("`", "");
    }
}
