package com.litper.sandbox.whatsapp;

import com.litper.sandbox.fault.FaultSwitch;
import org.springframework.stereotype.Component;

/** The faults injected into the Cloud API sandbox's send endpoint; none at start. */
@Component
class WhatsappFaults {

    private final FaultSwitch faults = new FaultSwitch();

    FaultSwitch get() {
        return faults;
    }
}
