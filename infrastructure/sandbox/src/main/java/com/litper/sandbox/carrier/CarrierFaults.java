package com.litper.sandbox.carrier;

import com.litper.sandbox.fault.FaultSwitch;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The faults injected into each carrier's booking and events endpoints; none at start. */
@Component
class CarrierFaults {

    private final Map<CarrierProfile, FaultSwitch> switches = new EnumMap<>(CarrierProfile.class);

    CarrierFaults() {
        for (CarrierProfile carrier : CarrierProfile.values()) {
            switches.put(carrier, new FaultSwitch());
        }
    }

    FaultSwitch of(CarrierProfile carrier) {
        return switches.get(carrier);
    }
}
