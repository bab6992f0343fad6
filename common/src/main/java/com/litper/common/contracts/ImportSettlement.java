package com.litper.common.contracts;

import com.litper.common.queue.TaskPriority;
import com.litper.common.task.TaskContract;
import com.litper.common.task.TaskPayload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A carrier's cash-on-delivery settlement file to import (docs/analytics.md, "Settlement files"):
 * the file itself travels in the task, as text in the carrier's own CSV format. Produced by whoever
 * receives the file (an operator's tool, a mailbox or SFTP poller); consumed by analytics-service
 * ({@code ImportSettlementHandler}), which imports it exactly as {@code POST /api/analytics/cod/settlements}
 * does: a file already imported, or lines already imported, change nothing, so a repeated task is a no-op.
 * A file that does not parse fails the task permanently, with the bad lines in the dead letter's error.
 *
 * @param carrier the carrier's code, lower case (whose format the file is in)
 * @param fileName the file's name as received, for the import's record; may be null
 * @param content the file's text (UTF-8), at most 4,000,000 characters
 * @param requestedBy who asked for the import (an operator's name or a system's), recorded with it
 * @param requestedAt when the import was asked for
 */
@TaskContract(name = "import_settlement", queue = "analytics", priority = TaskPriority.LOW)
public record ImportSettlement(
        @NotBlank @Pattern(regexp = "[a-z0-9_-]{1,64}", message = "must be a carrier code in lower case") String carrier,
        @Size(max = 255) String fileName,
        @NotBlank @Size(max = 4_000_000) String content,
        @NotBlank @Size(max = 200) String requestedBy,
        @NotNull Instant requestedAt) implements TaskPayload {

    /** One import per carrier and file content, whoever sends it. */
    @Override
    public String dedupKey() {
        if (carrier == null || content == null) {
            return null;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "import-settlement:" + carrier + ":" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
