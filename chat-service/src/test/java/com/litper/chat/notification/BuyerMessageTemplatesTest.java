package com.litper.chat.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.chat.config.TemplateProperties;
import com.litper.common.contracts.NotifyBuyer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The buyer notifications' templates are also the inbox's approved templates
 * ({@code litper.chat.templates} in application.yml, docs/chat.md): same names, language, number of
 * parameters and words, so a person sending one from the inbox writes what the notification would.
 */
class BuyerMessageTemplatesTest {

    @Test
    void everyNotificationTemplateIsApprovedForTheInboxWithTheSameWords() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"));
        TemplateProperties approved = new Binder(ConfigurationPropertySources.from(yaml)).bind("litper.chat", TemplateProperties.class)
                .orElseThrow(() -> new AssertionError("no litper.chat.templates in application.yml"));

        for (BuyerMessage message : BuyerMessage.values()) {
            NotifyBuyer news = new NotifyBuyer(UUID.randomUUID(), UUID.randomUUID(), "+573001234567", "Ana", NotifyBuyer.Event.valueOf(message.name()),
                    message == BuyerMessage.EXCEPTION ? "Cliente ausente" : null, "SV123456789", "Servientrega", UUID.randomUUID(), Instant.now());
            TemplateProperties.Template template = approved.templates().get(message.template());
            assertThat(template).as("litper.chat.templates.%s", message.template()).isNotNull();
            assertThat(template.language()).isEqualTo(BuyerMessage.LANGUAGE);
            List<String> parameters = message.parameters(news);
            assertThat(template.parameters()).as(message.template()).hasSameSizeAs(parameters);
            String rendered = template.text();
            for (int i = parameters.size(); i >= 1; i--) {
                rendered = rendered.replace("{{" + i + "}}", parameters.get(i - 1));
            }
            assertThat(rendered).as(message.template()).isEqualTo(message.text(news));
        }
    }
}
