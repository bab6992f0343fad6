package com.litper.sandbox.whatsapp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The approved templates: Litper's four buyer messages and the inbox's follow-up (parameters as tracking-service sends them,
 * docs/carriers.md: first name, guide number, carrier, and a novedad's reason) plus any configured.
 */
@Component
class Templates {

    private static final Map<String, WhatsappSandboxProperties.Template> BUILT_IN = Map.of(
            "order_shipped", new WhatsappSandboxProperties.Template(3, List.of("es"),
                    "Hola {{1}}, tu pedido ya fue despachado con {{3}}. Tu número de guía es {{2}}."),
            "order_out_for_delivery", new WhatsappSandboxProperties.Template(3, List.of("es"),
                    "Hola {{1}}, tu pedido con guía {{2}} de {{3}} va en camino y llega hoy a tu dirección."),
            "order_delivered", new WhatsappSandboxProperties.Template(3, List.of("es"),
                    "Hola {{1}}, tu pedido con guía {{2}} de {{3}} fue entregado. ¡Gracias por tu compra!"),
            "order_exception", new WhatsappSandboxProperties.Template(4, List.of("es"),
                    "Hola {{1}}, tu pedido con guía {{2}} de {{3}} tiene una novedad: {{4}}. Te contactaremos para resolverla."),
            // The inbox's reply outside the buyer's 24-hour window (chat-service's litper.chat.templates).
            "support_followup", new WhatsappSandboxProperties.Template(1, List.of("es"),
                    "Hola, te escribimos de la tienda sobre tu consulta: {{1}}. Responde a este mensaje para continuar."));

    private final Map<String, WhatsappSandboxProperties.Template> approved;

    Templates(WhatsappSandboxProperties properties) {
        Map<String, WhatsappSandboxProperties.Template> all = new LinkedHashMap<>(BUILT_IN);
        all.putAll(properties.templates());
        this.approved = Map.copyOf(all);
    }

    Optional<WhatsappSandboxProperties.Template> named(String name) {
        return Optional.ofNullable(approved.get(name));
    }

    /** The message as the buyer reads it: the template's text with the parameters in place. */
    static String render(String name, WhatsappSandboxProperties.Template template, List<String> parameters) {
        if (template.text() == null || template.text().isBlank()) {
            return name + (parameters.isEmpty() ? "" : " " + parameters);
        }
        String text = template.text();
        for (int i = parameters.size(); i >= 1; i--) {
            text = text.replace("{{" + i + "}}", parameters.get(i - 1));
        }
        return text;
    }
}
