package com.litper.analytics.cod;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports a carrier's settlement file (docs/analytics.md, "Settlement files"), for the API and the
 * {@code import_settlement} task alike. The file is parsed whole first (a bad line refuses the
 * file); then, in one transaction under the carrier's lock, the file is recorded once per content
 * hash, each line once per line key, and the lines of known guides are posted to the ledger. Lines
 * of guides no COD order has yet are kept and posted when the order's events arrive.
 */
@Component
class SettlementImporter {

    /** What an import did. {@code newLines} is 0 when the same file (or every line of it) was imported before. */
    record Result(UUID fileId, String carrier, String sha256, boolean fileAlreadyImported, int lines, int newLines, int postedGuides,
            List<String> unknownGuides) {
    }

    /** A carrier without a settlement format. */
    static final class UnknownCarrierException extends RuntimeException {
        UnknownCarrierException(String carrier) {
            super("No settlement format for carrier '" + carrier + "'; known: " + SettlementFormat.carriers());
        }
    }

    private final JdbcClient jdbc;
    private final CodPosting posting;

    SettlementImporter(JdbcClient jdbc, CodPosting posting) {
        this.jdbc = jdbc;
        this.posting = posting;
    }

    @Transactional
    public Result importFile(String carrier, String fileName, String content, String importedBy) {
        SettlementFormat format = SettlementFormat.of(carrier).orElseThrow(() -> new UnknownCarrierException(carrier));
        List<SettlementParser.Line> lines = SettlementParser.parse(format, content);
        String sha256 = sha256(content);
        posting.lockCarrier(carrier);
        UUID existing = jdbc.sql("SELECT id FROM analytics.cod_settlement_file WHERE carrier = :carrier AND sha256 = :sha")
                .param("carrier", carrier).param("sha", sha256).query(UUID.class).optional().orElse(null);
        if (existing != null) {
            return new Result(existing, carrier, sha256, true, lines.size(), 0, 0, List.of());
        }
        UUID fileId = UUID.randomUUID();
        Map<String, Integer> occurrences = new HashMap<>();
        jdbc.sql("""
                        INSERT INTO analytics.cod_settlement_file (id, carrier, sha256, file_name, lines, new_lines, imported_by)
                        VALUES (:id, :carrier, :sha, :name, :lines, 0, :by)""")
                .param("id", fileId).param("carrier", carrier).param("sha", sha256).param("name", fileName).param("lines", lines.size())
                .param("by", importedBy).update();
        int newLines = 0;
        Set<String> guides = new LinkedHashSet<>();
        for (SettlementParser.Line line : lines) {
            String normalised = line.normalised();
            // The n-th identical line of a file is its own line (a carrier that pays a guide twice in one file),
            // while the same line in a later file that repeats it is the line already imported.
            int nth = occurrences.merge(normalised, 1, Integer::sum);
            String key = carrier + ":" + sha256(normalised) + "#" + nth;
            int inserted = jdbc.sql("""
                            INSERT INTO analytics.cod_settlement_line (file_id, line_no, line_key, carrier, tracking_number, settled_on,
                                                                       collected, remitted, freight, commission, return_freight)
                            VALUES (:file, :no, :key, :carrier, :guide, :day, :collected, :remitted, :freight, :commission, :returnFreight)
                            ON CONFLICT (line_key) DO NOTHING""")
                    .param("file", fileId).param("no", line.lineNo()).param("key", key).param("carrier", carrier)
                    .param("guide", line.trackingNumber()).param("day", line.settledOn()).param("collected", line.collected())
                    .param("remitted", line.remitted()).param("freight", line.freight()).param("commission", line.commission())
                    .param("returnFreight", line.returnFreight()).update();
            if (inserted > 0) {
                newLines++;
                guides.add(line.trackingNumber());
            }
        }
        jdbc.sql("UPDATE analytics.cod_settlement_file SET new_lines = :n WHERE id = :id").param("n", newLines).param("id", fileId).update();
        int posted = 0;
        List<String> unknown = new java.util.ArrayList<>();
        for (String guide : guides) {
            CodPosting.CodOrder order = posting.byGuide(carrier, guide);
            if (order == null) {
                unknown.add(guide);
            } else {
                posting.postSettlement(order);
                posted++;
            }
        }
        return new Result(fileId, carrier, sha256, false, lines.size(), newLines, posted, List.copyOf(unknown));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
