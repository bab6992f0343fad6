package com.litper.agents.action;

import com.litper.common.contracts.ApplyOrderAction;
import java.util.UUID;

/**
 * Whether a store lets its support agent propose an action. The agent's tools ask every bean of this
 * type before they record anything, and go on only when all of them allow it (none: every action is
 * allowed to every store); a refused action answers the model an error, and the model offers a person
 * instead. Per-store settings plug in as one more bean.
 */
public interface ActionPolicy {

    /** Whether {@code storeId}'s agent may propose {@code kind} (its name: {@code DELIVERY_CHANGE}, {@code CANCEL}). */
    boolean allows(UUID storeId, ApplyOrderAction.Kind kind);
}
