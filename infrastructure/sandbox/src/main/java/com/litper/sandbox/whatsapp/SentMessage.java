package com.litper.sandbox.whatsapp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message the sandbox accepted, as a developer wants to see it: to whom, which template with which
 * parameters, the text the buyer would read, and the last status reported for it.
 */
final class SentMessage {

    private final String id;
    private final String phoneNumberId;
    private final String to;
    private final String type;
    private final String template;
    private final String language;
    private final List<String> parameters;
    private final String text;
    private final Instant receivedAt;
    private final List<Map<String, String>> buttons;
    private volatile String status = "accepted";
    private volatile String webhook;
    private volatile Integer errorCode;

    SentMessage(String id, String phoneNumberId, String to, String type, String template, String language, List<String> parameters,
            String text, Instant receivedAt) {
        this(id, phoneNumberId, to, type, template, language, parameters, text, receivedAt, List.of());
    }

    /** An interactive message has reply {@code buttons}, each {@code {"id", "title"}}. */
    SentMessage(String id, String phoneNumberId, String to, String type, String template, String language, List<String> parameters,
            String text, Instant receivedAt, List<Map<String, String>> buttons) {
        this.buttons = List.copyOf(buttons);
        this.id = id;
        this.phoneNumberId = phoneNumberId;
        this.to = to;
        this.type = type;
        this.template = template;
        this.language = language;
        this.parameters = List.copyOf(parameters);
        this.text = text;
        this.receivedAt = receivedAt;
    }

    String id() {
        return id;
    }

    String phoneNumberId() {
        return phoneNumberId;
    }

    /** The recipient in E.164, with {@code +}. */
    String to() {
        return to;
    }

    Instant receivedAt() {
        return receivedAt;
    }

    /** Free-form (text, or interactive with reply buttons): allowed only inside the buyer's service window. */
    boolean isText() {
        return "text".equals(type) || "interactive".equals(type);
    }

    /** The title of this message's reply button {@code id}, if it has one. */
    java.util.Optional<String> buttonTitle(String buttonId) {
        return buttons.stream().filter(b -> b.get("id").equals(buttonId)).map(b -> b.get("title")).findFirst();
    }

    /** The Graph error it fails with; shown at once, before (or without) the status webhook. */
    void failedWith(int code) {
        this.errorCode = code;
        this.status = "failed";
    }

    void reported(String status, String webhookOutcome) {
        this.status = status;
        this.webhook = webhookOutcome;
    }

    Map<String, Object> inspected() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("to", to);
        view.put("type", type);
        view.put("template", template);
        view.put("language", language);
        view.put("parameters", parameters);
        view.put("text", text);
        if (!buttons.isEmpty()) {
            view.put("buttons", buttons);
        }
        view.put("receivedAt", receivedAt.toString());
        view.put("status", status);
        view.put("webhook", webhook);
        if (errorCode != null) {
            view.put("errorCode", errorCode);
        }
        return view;
    }
}
