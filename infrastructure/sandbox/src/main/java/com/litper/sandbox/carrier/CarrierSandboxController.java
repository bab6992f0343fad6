package com.litper.sandbox.carrier;

import com.litper.sandbox.fault.FaultSettings;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The developer's side of the carrier sandbox: what was booked and what each shipment went through
 * (webhook outcomes included), and the faults injected into each carrier.
 */
@RestController
@RequestMapping("/sandbox/carriers")
class CarrierSandboxController {

    private final CarrierShipments shipments;
    private final CarrierFaults faults;

    CarrierSandboxController(CarrierShipments shipments, CarrierFaults faults) {
        this.shipments = shipments;
        this.faults = faults;
    }

    @GetMapping("/shipments")
    ResponseEntity<Object> shipments(@RequestParam(required = false) String carrier) {
        Optional<CarrierProfile> only = Optional.ofNullable(carrier).flatMap(CarrierProfile::named);
        if (carrier != null && only.isEmpty()) {
            return CarrierApiController.unknownCarrier(carrier);
        }
        return ResponseEntity.ok(Map.of("shipments", shipments.all(only).stream().map(SandboxShipment::inspected).toList()));
    }

    @GetMapping("/{carrier}/faults")
    ResponseEntity<Object> faults(@PathVariable String carrier) {
        return CarrierProfile.named(carrier)
                .<ResponseEntity<Object>>map(c -> ResponseEntity.ok(faults.of(c).describe()))
                .orElseGet(() -> CarrierApiController.unknownCarrier(carrier));
    }

    @PutMapping("/{carrier}/faults")
    ResponseEntity<Object> inject(@PathVariable String carrier, @Validated @RequestBody FaultSettings settings) {
        return CarrierProfile.named(carrier)
                .<ResponseEntity<Object>>map(c -> {
                    faults.of(c).set(settings);
                    return ResponseEntity.ok(faults.of(c).describe());
                })
                .orElseGet(() -> CarrierApiController.unknownCarrier(carrier));
    }

    @DeleteMapping("/{carrier}/faults")
    ResponseEntity<Object> clear(@PathVariable String carrier) {
        return CarrierProfile.named(carrier)
                .<ResponseEntity<Object>>map(c -> {
                    faults.of(c).clear();
                    return ResponseEntity.noContent().build();
                })
                .orElseGet(() -> CarrierApiController.unknownCarrier(carrier));
    }
}
