package com.litper.sandbox.whatsapp;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * When each buyer last wrote to the business ({@code POST /sandbox/whatsapp/inbound}), which opens
 * WhatsApp's customer-service window: free text reaches the buyer only inside it.
 */
@Component
class BuyerWindows {

    private final Map<String, Instant> lastInbound = new ConcurrentHashMap<>();
    private final WhatsappSandboxProperties properties;
    private final Clock clock;

    BuyerWindows(WhatsappSandboxProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    void wrote(String phone, Instant at) {
        lastInbound.merge(SentMessages.digits(phone), at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Whether free text may reach {@code phone} now. */
    boolean open(String phone) {
        if (properties.serviceWindow().isZero()) {
            return true;
        }
        Instant last = lastInbound.get(SentMessages.digits(phone));
        return last != null && last.plus(properties.serviceWindow()).isAfter(clock.instant());
    }
}
