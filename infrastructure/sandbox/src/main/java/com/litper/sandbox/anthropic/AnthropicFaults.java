package com.litper.sandbox.anthropic;

import com.litper.sandbox.fault.FaultSwitch;
import org.springframework.stereotype.Component;

/** The faults injected into the Messages API sandbox; none at start. An injected failure is a 529 unless told otherwise. */
@Component
class AnthropicFaults {

    private final FaultSwitch faults = new FaultSwitch();

    FaultSwitch get() {
        return faults;
    }
}
