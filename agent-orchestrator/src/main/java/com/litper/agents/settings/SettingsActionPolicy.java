package com.litper.agents.settings;

import com.litper.agents.action.ActionPolicy;
import com.litper.common.contracts.ApplyOrderAction;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The store's settings decide which actions its agent may propose ({@code actions} in
 * {@code PUT /agents/settings}: {@code DELIVERY_CHANGE}, {@code CANCEL_ORDER}).
 */
@Component
class SettingsActionPolicy implements ActionPolicy {

    private final StoreSettings settings;

    SettingsActionPolicy(StoreSettings settings) {
        this.settings = settings;
    }

    @Override
    public boolean allows(UUID storeId, ApplyOrderAction.Kind kind) {
        return settings.allows(storeId, settingName(kind));
    }

    /** The settings' name of {@code kind}. */
    static String settingName(ApplyOrderAction.Kind kind) {
        return switch (kind) {
            case DELIVERY_CHANGE -> "DELIVERY_CHANGE";
            case CANCEL -> "CANCEL_ORDER";
        };
    }
}
