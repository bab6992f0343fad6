package com.litper.agents.action;

import com.litper.common.contracts.ApplyOrderAction;
import java.util.UUID;

/**
 * Whether a store lets its support agent propose an action. The agent's tools ask before they record
 * anything; a refused action answers the model an error, and the model offers a person instead. The
 * default ({@link ActionConfiguration}) allows every action to every store; a bean of this type
 * replaces it (e.g. from per-store settings).
 */
public interface ActionPolicy {

    /** Whether {@code storeId}'s agent may propose {@code kind} (its name: {@code DELIVERY_CHANGE}, {@code CANCEL}). */
    boolean allows(UUID storeId, ApplyOrderAction.Kind kind);
}
