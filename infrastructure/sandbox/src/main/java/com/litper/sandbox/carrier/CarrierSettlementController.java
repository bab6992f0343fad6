package com.litper.sandbox.carrier;

import com.litper.sandbox.web.Problems;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /sandbox/carriers/{carrier}/settlements?date=2026-11-28}: the carrier's settlement CSV
 * for the COD guides it delivered or returned that day (default: today in Bogotá), to import into
 * analytics-service. {@code short=<guide>:<pesos>} remits less for one guide and
 * {@code duplicate=<guide>} writes one guide's line twice, for testing reconciliation.
 */
@RestController
@RequestMapping("/sandbox/carriers")
class CarrierSettlementController {

    private final CarrierSettlements settlements;

    CarrierSettlementController(CarrierSettlements settlements) {
        this.settlements = settlements;
    }

    @GetMapping("/{carrier}/settlements")
    ResponseEntity<Object> settlement(@PathVariable String carrier, @RequestParam(required = false) String date,
            @RequestParam(name = "short", required = false) String shortRemittance, @RequestParam(required = false) String duplicate) {
        var profile = CarrierProfile.named(carrier);
        if (profile.isEmpty()) {
            return CarrierApiController.unknownCarrier(carrier);
        }
        LocalDate day;
        try {
            day = date == null ? LocalDate.now(CarrierSettlements.BOGOTA) : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return problem("date must be a day such as 2026-11-28, was '" + date + "'");
        }
        CarrierSettlements.Quirks quirks = CarrierSettlements.Quirks.NONE;
        if (shortRemittance != null) {
            int colon = shortRemittance.lastIndexOf(':');
            if (colon <= 0 || !shortRemittance.substring(colon + 1).matches("[0-9]{1,12}")) {
                return problem("short must be <guide>:<pesos>, e.g. SV123456789:5000, was '" + shortRemittance + "'");
            }
            quirks = new CarrierSettlements.Quirks(shortRemittance.substring(0, colon), Long.parseLong(shortRemittance.substring(colon + 1)),
                    null);
        }
        quirks = new CarrierSettlements.Quirks(quirks.shortGuide(), quirks.shortBy(), duplicate);
        String fileName = profile.get().id() + "-liquidacion-" + day + ".csv";
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .body(settlements.file(profile.get(), day, quirks));
    }

    private static ResponseEntity<Object> problem(String detail) {
        return Problems.of(HttpStatus.BAD_REQUEST, detail);
    }
}
