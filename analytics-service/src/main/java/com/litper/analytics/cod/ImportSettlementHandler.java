package com.litper.analytics.cod;

import com.litper.analytics.LongTaskGate;
import com.litper.common.contracts.ImportSettlement;
import com.litper.common.queue.PermanentTaskFailure;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs {@code import_settlement}: imports the file the task carries, as the API does. Safe to run
 * twice: a file (or line) already imported changes nothing. A file that cannot be imported (unknown
 * carrier, bad lines) fails permanently, its problems with their line numbers in the dead letter.
 */
@Component
class ImportSettlementHandler implements ContractHandler<ImportSettlement> {

    private static final Logger log = LoggerFactory.getLogger(ImportSettlementHandler.class);

    private final SettlementImporter importer;
    private final LongTaskGate gate;

    ImportSettlementHandler(SettlementImporter importer, LongTaskGate gate) {
        this.importer = importer;
        this.gate = gate;
    }

    @Override
    public Class<ImportSettlement> contract() {
        return ImportSettlement.class;
    }

    @Override
    public void handle(ImportSettlement request, Task task) throws Exception {
        try {
            SettlementImporter.Result result = gate.run(request.carrier() + " settlement file " + request.fileName(),
                    () -> importer.importFile(request.carrier(), request.fileName(), request.content(), request.requestedBy()));
            log.info("Imported {} settlement file {} ({}): {} line(s), {} new, {} guide(s) posted, {} unknown", request.carrier(),
                    request.fileName(), result.fileAlreadyImported() ? "already imported" : "new", result.lines(), result.newLines(),
                    result.postedGuides(), result.unknownGuides().size());
        } catch (SettlementImporter.UnknownCarrierException e) {
            throw new PermanentTaskFailure(e.getMessage());
        } catch (SettlementParser.InvalidFileException e) {
            throw new PermanentTaskFailure(e.getMessage() + ": " + e.problems().stream()
                    .map(p -> "line " + p.line() + ": " + p.message()).collect(Collectors.joining("; ")));
        }
    }
}
