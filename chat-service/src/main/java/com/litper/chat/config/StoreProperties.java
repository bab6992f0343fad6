package com.litper.chat.config;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which store a conversation belongs to. A store's buyers write to the WhatsApp number the store
 * uses, so the number (Meta's {@code phone_number_id}) names the store.
 *
 * @param phoneNumberStores Meta's {@code phone_number_id} to the id of the store that number serves
 * @param defaultStoreId the store of numbers not listed in {@code phone-number-stores}; unset: a delivery for an
 *     unlisted number is refused with 503 and Meta retries it (env {@code LITPER_CHAT_DEFAULTSTOREID})
 */
@ConfigurationProperties("litper.chat")
public record StoreProperties(Map<String, UUID> phoneNumberStores, UUID defaultStoreId) {

    public StoreProperties {
        phoneNumberStores = phoneNumberStores == null ? Map.of() : Map.copyOf(phoneNumberStores);
    }

    /** The store served by the WhatsApp number {@code phoneNumberId}, if one is configured. */
    public Optional<UUID> storeOf(String phoneNumberId) {
        UUID store = phoneNumberId == null ? null : phoneNumberStores.get(phoneNumberId);
        return Optional.ofNullable(store != null ? store : defaultStoreId);
    }
}
