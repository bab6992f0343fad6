package com.litper.sandbox.whatsapp;

import com.litper.sandbox.fault.FaultSettings;
import com.litper.sandbox.web.Problems;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The developer's side of the WhatsApp sandbox: the messages it accepted (what the buyer would have
 * read), the faults injected into the send endpoint, and Meta's webhook subscription handshake.
 */
@RestController
@RequestMapping("/sandbox/whatsapp")
class WhatsappSandboxController {

    private final SentMessages messages;
    private final WhatsappFaults faults;
    private final WhatsappSandboxProperties properties;
    private final BuyerMessages buyers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WhatsappSandboxController(SentMessages messages, WhatsappFaults faults, WhatsappSandboxProperties properties, BuyerMessages buyers) {
        this.messages = messages;
        this.buyers = buyers;
        this.faults = faults;
        this.properties = properties;
    }

    /** Accepted messages in order; {@code to} keeps those to one number ({@code +} optional, it may arrive as a space). */
    @GetMapping("/messages")
    Map<String, Object> messages(@RequestParam Optional<String> to) {
        return Map.of("messages", messages.list(to.filter(t -> !t.isBlank())).stream().map(SentMessage::inspected).toList());
    }

    /**
     * What a buyer writes to the business, or the reply button they press.
     *
     * @param from the buyer's number, E.164
     * @param name the buyer's WhatsApp profile name (optional)
     * @param text what they write (1–4096 characters); not needed with {@code buttonId}
     * @param buttonId the id of a reply button of a message the sandbox sent this buyer: the buyer presses it
     * @param phoneNumberId the business number written to; default {@code sandbox.whatsapp.phone-number-id}
     */
    record Inbound(@NotBlank @Pattern(regexp = "\\+?[1-9][0-9]{6,14}", message = "must be a phone number in E.164, e.g. +573001234567") String from,
            @Size(max = 256) String name, @Size(max = 4096) String text, @Size(max = 256) String buttonId, String phoneNumberId) {
    }

    /** A buyer writes (or presses a button): Meta's signed {@code messages} notification goes to the webhook URL, and their service window opens. */
    @PostMapping("/inbound")
    ResponseEntity<Object> inbound(@Validated @RequestBody Inbound inbound) {
        if (!properties.sendsStatuses()) {
            return Problems.of(HttpStatus.CONFLICT, "Set sandbox.whatsapp.webhook-url and sandbox.whatsapp.app-secret first: "
                    + "Meta never sends unsigned notifications.");
        }
        String number = inbound.phoneNumberId() != null && !inbound.phoneNumberId().isBlank() ? inbound.phoneNumberId() : properties.phoneNumberId();
        if (WhatsappSandboxProperties.blank(number)) {
            return Problems.of(HttpStatus.BAD_REQUEST, "Name the business number written to (phoneNumberId), or set sandbox.whatsapp.phone-number-id.");
        }
        if (inbound.buttonId() != null && !inbound.buttonId().isBlank()) {
            // The newest message sent to this buyer with that button: its title is what the buyer's WhatsApp shows as pressed.
            List<SentMessage> sent = messages.list(Optional.of(inbound.from()));
            for (int i = sent.size() - 1; i >= 0; i--) {
                Optional<String> title = sent.get(i).buttonTitle(inbound.buttonId());
                if (title.isPresent()) {
                    return ResponseEntity.accepted().body(buyers.press(inbound.from(), inbound.name(), inbound.buttonId(), title.get(),
                            sent.get(i).id(), number).inspected());
                }
            }
            return Problems.of(HttpStatus.BAD_REQUEST, "No message sent to " + inbound.from() + " has a reply button with id '"
                    + inbound.buttonId() + "'; see GET /sandbox/whatsapp/messages for the buttons sent.");
        }
        if (inbound.text() == null || inbound.text().isBlank()) {
            return Problems.of(HttpStatus.BAD_REQUEST, "Give text (what the buyer writes) or buttonId (the reply button the buyer presses).");
        }
        return ResponseEntity.accepted().body(buyers.write(inbound.from(), inbound.name(), inbound.text(), number).inspected());
    }

    /** What buyers wrote, in order, with how each notification's delivery went. */
    @GetMapping("/inbound")
    Map<String, Object> inbound() {
        return Map.of("messages", buyers.list().stream().map(BuyerMessages.Written::inspected).toList());
    }

    @GetMapping("/faults")
    Map<String, Object> faults() {
        return faults.get().describe();
    }

    @PutMapping("/faults")
    Map<String, Object> inject(@Validated @RequestBody FaultSettings settings) {
        faults.get().set(settings);
        return faults.get().describe();
    }

    @DeleteMapping("/faults")
    ResponseEntity<Void> clear() {
        faults.get().clear();
        return ResponseEntity.noContent().build();
    }

    /**
     * Meta's "verify and save" of a webhook: {@code GET <webhook-url>?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…},
     * which succeeds when the receiver answers 200 with the challenge.
     */
    @PostMapping("/subscribe")
    ResponseEntity<Object> subscribe() throws InterruptedException {
        if (WhatsappSandboxProperties.blank(properties.webhookUrl()) || WhatsappSandboxProperties.blank(properties.verifyToken())) {
            return Problems.of(HttpStatus.CONFLICT, "Set sandbox.whatsapp.webhook-url and sandbox.whatsapp.verify-token first.");
        }
        String challenge = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
        URI uri = URI.create(properties.webhookUrl() + (properties.webhookUrl().contains("?") ? "&" : "?") + "hub.mode=subscribe&hub.verify_token="
                + URLEncoder.encode(properties.verifyToken(), StandardCharsets.UTF_8) + "&hub.challenge=" + challenge);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("webhookUrl", properties.webhookUrl());
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            boolean verified = answer.statusCode() == 200 && challenge.equals(answer.body().trim());
            result.put("verified", verified);
            result.put("status", answer.statusCode());
        } catch (IOException e) {
            result.put("verified", false);
            result.put("error", e.toString());
        }
        return ResponseEntity.ok(result);
    }
}
