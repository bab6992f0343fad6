package com.litper.chat.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The WhatsApp message templates Meta approved for the business number, which a person may send from
 * the inbox at any time and, outside the buyer's 24-hour window, instead of free text (docs/chat.md).
 * Each must really be approved, under this name and language, or WhatsApp refuses the message.
 *
 * @param templates each template by its name ({@code litper.chat.templates.<name>.*})
 */
@Validated
@ConfigurationProperties("litper.chat")
public record TemplateProperties(Map<String, @Valid Template> templates) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");

    public TemplateProperties {
        templates = templates == null ? Map.of() : Map.copyOf(templates);
        templates.keySet().stream().filter(name -> !NAME.matcher(name).matches()).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("litper.chat.templates." + name + ": a template name is lower-case letters, digits and _");
        });
    }

    /**
     * One approved template.
     *
     * @param language its language code, e.g. {@code es}
     * @param parameters what each of its body parameters holds, in order ({@code {{1}}}, {@code {{2}}}, …)
     * @param text its body with {@code {{n}}} placeholders, as the buyer reads it; shown in the conversation
     */
    public record Template(@NotBlank String language, List<String> parameters, @NotBlank String text) {

        public Template {
            parameters = parameters == null ? List.of() : List.copyOf(parameters);
        }
    }
}
