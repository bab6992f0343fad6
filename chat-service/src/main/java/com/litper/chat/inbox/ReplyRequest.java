package com.litper.chat.inbox;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/chat/conversations/{id}/messages}: a person's reply to the buyer, either free
 * text (inside the buyer's 24-hour window only) or an approved template (at any time).
 *
 * @param text the reply as free text
 * @param template the name of an approved template ({@code GET /api/chat/templates})
 * @param language the template's language code
 * @param parameters the template's body parameters, in order, as many as it has
 */
record ReplyRequest(
        @Size(max = 4096) String text,
        @Size(max = 512) String template,
        @Size(max = 15) String language,
        @Size(max = 20) List<@NotNull @Size(min = 1, max = 1024) String> parameters) {

    boolean isFreeText() {
        return text != null && !text.isBlank();
    }

    List<String> templateParameters() {
        return parameters == null ? List.of() : parameters;
    }

    @JsonIgnore
    @AssertTrue(message = "give either text, or template and language (and the template's parameters)")
    boolean isTextOrTemplate() {
        boolean hasTemplate = template != null && !template.isBlank();
        if (isFreeText()) {
            return !hasTemplate && (parameters == null || parameters.isEmpty());
        }
        return hasTemplate && language != null && !language.isBlank();
    }
}
