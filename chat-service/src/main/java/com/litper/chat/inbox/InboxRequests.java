package com.litper.chat.inbox;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The bodies of the inbox's actions on a conversation. */
final class InboxRequests {

    private InboxRequests() {
    }

    /**
     * {@code PUT …/assignee}.
     *
     * @param assignee a support agent's token subject, {@code me} for the caller, or null to unassign
     */
    record Assign(@Size(min = 1, max = 200) @Pattern(regexp = "\\S+", message = "must be a token subject without spaces") String assignee) {
    }

    /**
     * {@code PUT …/labels}: the conversation's labels, replacing the ones it had.
     *
     * @param labels up to 20 labels of letters, digits, spaces and {@code _ . : -}, 50 characters at most; stored in lower case
     */
    record Labels(@NotNull @Size(max = 20) List<@NotBlank @Size(max = 50)
            @Pattern(regexp = "\\s*[\\p{L}\\p{N}][\\p{L}\\p{N} _.:-]*", message = "must start with a letter or digit and hold only letters, digits, spaces and _ . : -")
            String> labels) {

        /** Lower case, trimmed, each once, in the order given. */
        List<String> normalised() {
            return labels.stream().map(label -> label.strip().toLowerCase(Locale.ROOT)).distinct().toList();
        }
    }

    /** {@code PUT …/priority}. */
    record SetPriority(@NotNull Priority priority) {
    }

    /**
     * {@code POST …/snooze}.
     *
     * @param until when the conversation opens again, in the future (ISO-8601 with offset)
     */
    record Snooze(@NotNull Instant until) {
    }
}
