package com.litper.chat.webhook;

import com.litper.chat.config.WhatsappProperties;
import com.litper.chat.conversation.MessageStore;
import com.litper.chat.conversation.Notification;
import com.litper.chat.conversation.UnknownStoreException;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WhatsApp Cloud API webhook (docs/whatsapp-webhooks.md): Meta's subscription handshake, and
 * notifications of buyers' messages and of delivery statuses. A notification is checked (signature
 * over the raw body, then the body) and each of its entries is stored on its own, with its buyers'
 * messages' tasks for the agents (in the outbox, so a Redis outage does not refuse it), before the
 * 200. A malformed entry, change, message or status is logged (where and which fields, no personal
 * data), counted ({@code litper.chat.webhook.rejected}, tagged with the part) and passed over: a
 * signed notification is answered 200 even then, since Meta would only deliver the same bad part
 * again, and the good ones with it. Anything but a 200 makes Meta deliver the notification again,
 * which is how an entry refused with 503 (a number without a store) is not lost; storing is
 * idempotent, so the entries stored meanwhile change nothing when it comes again.
 */
@RestController
class WhatsappWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WhatsappWebhookController.class);
    private static final String PATH = "/webhooks/whatsapp";
    // Meta's challenge is a number; anything printable is echoed, nothing that could break out of text/plain.
    private static final Pattern CHALLENGE = Pattern.compile("[\\x21-\\x7E]{1,256}");

    private final WhatsappProperties properties;
    private final MessageStore store;
    private final JsonMapper json;
    private final MeterRegistry meters;

    WhatsappWebhookController(WhatsappProperties properties, MessageStore store, JsonMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.store = store;
        this.json = json;
        this.meters = meters;
    }

    /** What Meta gets back for an accepted notification: how many messages and statuses it carried, and how many parts were passed over. */
    record Received(int messages, int statuses, int rejected) {
    }

    @GetMapping(PATH)
    ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
            @RequestParam(name = "hub.verify_token", required = false) String token,
            @RequestParam(name = "hub.challenge", required = false) String challenge) {
        boolean tokenMatches = WhatsappSignature.isVerifyToken(properties.verifyToken(), token);
        if (!"subscribe".equals(mode) || !tokenMatches) {
            log.warn("WhatsApp subscription handshake refused (mode {}, verify token {})", mode,
                    token == null ? "missing" : tokenMatches ? "matches" : "wrong");
            ProblemDetail problem = Problems.of(HttpStatus.FORBIDDEN,
                    "The handshake needs hub.mode=subscribe and the hub.verify_token configured for this webhook.");
            problem.setTitle("Webhook verification refused");
            throw new ApiProblemException(problem, Map.of());
        }
        if (challenge == null || !CHALLENGE.matcher(challenge).matches()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "hub.challenge must be 1 to 256 visible ASCII characters.");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).header("X-Content-Type-Options", "nosniff").body(challenge);
    }

    // byte[] takes the body as it came: the signature covers these exact bytes, not a re-serialised form.
    @PostMapping(PATH)
    ResponseEntity<Received> receive(@RequestHeader(name = WhatsappSignature.HEADER, required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        if (properties.appSecret() == null) {
            log.error("WhatsApp notification refused: litper.chat.whatsapp.app-secret (LITPER_WHATSAPP_APPSECRET) is not set");
            throw unavailable("The webhook is not configured yet; deliver the notification again later.");
        }
        byte[] raw = body == null ? new byte[0] : body;
        try {
            WhatsappSignature.verify(properties.appSecret(), signature, raw);
        } catch (WhatsappSignature.Rejected e) {
            log.warn("WhatsApp notification rejected: {}", e.getMessage());
            ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, e.getMessage());
            problem.setTitle("Invalid webhook signature");
            throw new ApiProblemException(problem, Map.of());
        }
        WebhookPayload.Parsed parsed;
        try {
            parsed = WebhookPayload.parse(json, raw);
        } catch (ApiProblemException e) {
            rejected("notification");
            throw e;
        }
        for (WebhookPayload.Rejected part : parsed.rejected()) {
            log.warn("WhatsApp notification: {} passed over, the rest is stored", part.describe());
            rejected(part.part());
        }
        int messages = 0;
        int statuses = 0;
        String numberWithoutStore = null;
        for (Notification entry : parsed.entries()) {
            try {
                store.record(entry);
                messages += entry.messages().size();
                statuses += entry.statuses().size();
            } catch (UnknownStoreException e) {
                // The other entries are stored; this one comes again with the whole notification.
                log.error("WhatsApp notification entry refused: {}", e.getMessage());
                numberWithoutStore = e.phoneNumberId();
            }
        }
        if (numberWithoutStore != null) {
            throw unavailable("No store is configured for WhatsApp number " + numberWithoutStore + "; deliver the notification again later.");
        }
        return ResponseEntity.ok(new Received(messages, statuses, parsed.rejected().size()));
    }

    private void rejected(String part) {
        Counter.builder("litper.chat.webhook.rejected").tag("part", part)
                .description("Malformed parts of signed WhatsApp notifications passed over (notification: the whole body, refused with 400)")
                .register(meters).increment();
    }

    private ApiProblemException unavailable(String detail) {
        long seconds = Math.max(1, properties.retryAfter().toSeconds());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Service temporarily unavailable");
        return new ApiProblemException(problem, Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds)));
    }
}
