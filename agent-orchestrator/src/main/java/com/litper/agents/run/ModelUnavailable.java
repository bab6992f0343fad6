package com.litper.agents.run;

import com.litper.common.contracts.AgentHandover;

/**
 * The model gave no answer this run can use: its circuit is open, it refused the request, or the run's
 * deadline passed first. The run ends with the holding message and a hand-over for this reason.
 */
final class ModelUnavailable extends Exception {

    private final AgentHandover.Reason reason;

    ModelUnavailable(AgentHandover.Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    AgentHandover.Reason reason() {
        return reason;
    }
}
