package com.litper.chat.conversation;

/** A WhatsApp number no store is configured for, and no default store: nothing of the delivery is stored. */
public class UnknownStoreException extends RuntimeException {

    private final String phoneNumberId;

    UnknownStoreException(String phoneNumberId) {
        super("No store for WhatsApp phone_number_id " + phoneNumberId
                + ": set litper.chat.phone-number-stores." + phoneNumberId + " or litper.chat.default-store-id");
        this.phoneNumberId = phoneNumberId;
    }

    public String phoneNumberId() {
        return phoneNumberId;
    }
}
