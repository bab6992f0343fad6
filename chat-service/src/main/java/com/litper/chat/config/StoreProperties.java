package com.litper.chat.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which stores a WhatsApp number serves. A store's buyers write to the number the store uses, so
 * the number (Meta's {@code phone_number_id}) names the store; stores may also share one number, and
 * then the buyer's recent orders and conversations say which store a message belongs to (docs/chat.md,
 * "Which store a buyer's message belongs to").
 *
 * @param phoneNumberStores Meta's {@code phone_number_id} to the store that number serves, or to
 *     several stores (comma-separated, the first one taking buyers without recent activity) for a
 *     number they share
 * @param defaultStoreId the store of numbers not listed in {@code phone-number-stores}; unset: a delivery for an
 *     unlisted number is refused with 503 and Meta retries it (env {@code LITPER_CHAT_DEFAULTSTOREID})
 * @param sharedNumberWindow how far back a buyer's order events and messages count when choosing among
 *     the stores of a shared number
 */
@Validated
@ConfigurationProperties("litper.chat")
public record StoreProperties(Map<String, List<UUID>> phoneNumberStores, UUID defaultStoreId,
        @DefaultValue("30d") @NotNull Duration sharedNumberWindow) {

    public StoreProperties {
        phoneNumberStores = phoneNumberStores == null ? Map.of()
                : phoneNumberStores.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        entry -> entry.getValue().stream().distinct().toList()));
        phoneNumberStores.forEach((number, stores) -> {
            if (stores.isEmpty()) {
                throw new IllegalArgumentException("litper.chat.phone-number-stores." + number + " names no store");
            }
        });
        if (sharedNumberWindow.isNegative() || sharedNumberWindow.isZero()) {
            throw new IllegalArgumentException("litper.chat.shared-number-window must be positive, was " + sharedNumberWindow);
        }
    }

    /**
     * The stores served by the WhatsApp number {@code phoneNumberId}, in the order configured: its own
     * list, else the default store, else none.
     */
    public List<UUID> storesOf(String phoneNumberId) {
        List<UUID> stores = phoneNumberId == null ? null : phoneNumberStores.get(phoneNumberId);
        if (stores != null) {
            return stores;
        }
        return defaultStoreId == null ? List.of() : List.of(defaultStoreId);
    }
}
