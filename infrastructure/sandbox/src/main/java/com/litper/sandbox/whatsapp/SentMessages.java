package com.litper.sandbox.whatsapp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Every accepted message, in order, and the pair rate limit: a number that got a message less than
 * {@code pair-interval} ago gets no other (error 131056); a refused message does not restart the wait.
 */
@Component
class SentMessages {

    private final WhatsappSandboxProperties properties;
    private final List<SentMessage> messages = new ArrayList<>();
    private final Map<String, Instant> lastByRecipient = new HashMap<>();

    SentMessages(WhatsappSandboxProperties properties) {
        this.properties = properties;
    }

    /** Records {@code message}, or returns the pair-rate-limit error when its number got one too recently. */
    synchronized Optional<GraphError> accept(SentMessage message) {
        Duration interval = properties.pairInterval();
        Instant last = lastByRecipient.get(message.to());
        if (!interval.isZero() && last != null && message.receivedAt().isBefore(last.plus(interval))) {
            return Optional.of(GraphError.of(GraphError.PAIR_RATE_LIMIT, "Message failed to send because there were too many messages "
                    + "sent from this phone number to the same phone number in a short period of time (at most one every "
                    + interval.toMillis() + " ms)."));
        }
        lastByRecipient.put(message.to(), message.receivedAt());
        messages.add(message);
        return Optional.empty();
    }

    /** Accepted messages in order, optionally only those to one number (with or without {@code +}). */
    synchronized List<SentMessage> list(Optional<String> to) {
        Optional<String> digits = to.map(SentMessages::digits);
        return messages.stream().filter(m -> digits.map(d -> digits(m.to()).equals(d)).orElse(true)).toList();
    }

    static String digits(String number) {
        return number.replaceAll("[^0-9]", "");
    }
}
