package com.litper.analytics.cod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.litper.common.contracts.ImportSettlement;
import com.litper.common.queue.DeadLetter;
import com.litper.common.queue.TaskQueue;
import com.litper.common.task.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code import_settlement} through the real queue (Redis) to analytics-service's worker. */
class ImportSettlementTaskTest extends CodTestSupport {

    @Autowired
    Tasks tasks;

    @Autowired
    TaskQueue queue;

    @Test
    void aFileSentAsATaskIsImportedAndPostedOnce() throws Exception {
        UUID store = UUID.randomUUID();
        String guide = guide("TCC");
        UUID order = codOrder(store, 120_000, "tcc", guide, 12_300, Instant.now().minus(Duration.ofDays(2)));
        delivered(store, order, "tcc", guide, 120_000L, Instant.now().minus(Duration.ofHours(1)));
        post();
        String file = sample("tcc", guide, guide("TCC"));

        tasks.send(new ImportSettlement("tcc", "tcc-liquidacion.csv", file, "sftp:tcc", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> count("""
                SELECT count(*) FROM analytics.cod_entry WHERE order_id = ? AND kind = 'REMITTED'""", order) == 1);
        assertThat(count("SELECT count(*) FROM analytics.cod_settlement_file WHERE imported_by = 'sftp:tcc' AND file_name = 'tcc-liquidacion.csv'"
                + " AND sha256 = ?", SettlementImporter.sha256(file))).isEqualTo(1);
        long entries = count("SELECT count(*) FROM analytics.cod_entry WHERE order_id = ?", order);

        // The same lines again in another file (another hash: a blank line more), sent by another sender: a new file, no new line.
        tasks.send(new ImportSettlement("tcc", "again.csv", file + "\n", "operator:ana", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT count(*) FROM analytics.cod_settlement_file WHERE file_name = 'again.csv' AND sha256 = ? AND new_lines = 0",
                SettlementImporter.sha256(file + "\n")) == 1);
        assertThat(count("SELECT count(*) FROM analytics.cod_entry WHERE order_id = ?", order)).isEqualTo(entries);
    }

    @Test
    void aBadFileFailsForGoodWithItsLineNumbers() {
        String bad = "\"REMESA\",\"FECHA\",\"RECAUDO\",\"FLETE\",\"COMISION\",\"DEVOLUCION\",\"GIRO\"\n\"TCC1\",\"ayer\",\"1\",\"0\",\"0\",\"0\",\"1\"\n";
        String id = tasks.send(new ImportSettlement("tcc", "bad.csv", bad, "sftp:tcc", Instant.now()));

        await().atMost(Duration.ofSeconds(30)).until(() -> queue.deadLetters("analytics", 0, 100).stream()
                .anyMatch(d -> d.task().id().equals(id)));
        DeadLetter dead = queue.deadLetters("analytics", 0, 100).stream().filter(d -> d.task().id().equals(id)).findFirst().orElseThrow();
        assertThat(dead.lastError()).contains("line 2").contains("date 'ayer' is not yyyy/MM/dd");
    }
}
