package com.litper.chat.inbox;

import com.litper.chat.config.TemplateProperties;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The approved templates of {@code litper.chat.templates}, as the inbox offers and sends them. */
@Component
class ApprovedTemplates {

    /**
     * A template as the API lists it.
     *
     * @param name its name
     * @param language its language code
     * @param parameters what each body parameter holds, in order; a reply passes that many values
     * @param text its body with {@code {{n}}} placeholders
     */
    record Template(String name, String language, List<String> parameters, String text) {

        /** The body as the buyer reads it: the placeholders replaced by {@code values}, in order. */
        String render(List<String> values) {
            String rendered = text;
            // Backwards, so {{1}} does not replace the start of {{10}}.
            for (int i = values.size(); i >= 1; i--) {
                rendered = rendered.replace("{{" + i + "}}", values.get(i - 1));
            }
            return rendered;
        }
    }

    private final List<Template> templates;

    ApprovedTemplates(TemplateProperties properties) {
        this.templates = properties.templates().entrySet().stream()
                .map(e -> new Template(e.getKey(), e.getValue().language(), e.getValue().parameters(), e.getValue().text()))
                .sorted(Comparator.comparing(Template::name))
                .toList();
    }

    List<Template> all() {
        return templates;
    }

    Optional<Template> find(String name, String language) {
        return templates.stream().filter(t -> t.name().equals(name) && t.language().equals(language)).findFirst();
    }
}
