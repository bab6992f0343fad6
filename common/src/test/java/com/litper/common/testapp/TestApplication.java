package com.litper.common.testapp;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import com.litper.common.security.CurrentCaller;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.web.ApiProblemException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;

/** A tiny service used to exercise what litper-common gives every service. */
@SpringBootApplication
public class TestApplication {

    record Parcel(@NotBlank String reference, @NotNull @Min(1) Integer weightGrams, List<String> tags) {
    }

    @RestController
    static class TestController {
        private static final Logger log = LoggerFactory.getLogger(TestController.class);

        @PostMapping("/parcels")
        Map<String, Object> create(@Valid @RequestBody Parcel parcel) {
            log.info("parcel accepted {}", parcel.reference());
            return Map.of("reference", parcel.reference(), "weightGrams", parcel.weightGrams());
        }

        @GetMapping("/parcels/{id}")
        Map<String, Object> find(@PathVariable long id) {
            if (id == 404) {
                throw new ApiProblemException(HttpStatus.NOT_FOUND, "No parcel 404.");
            }
            return Map.of("id", id);
        }

        @GetMapping("/slow")
        Map<String, Object> slow(@RequestParam long millis) throws InterruptedException {
            Thread.sleep(millis);
            return Map.of("sleptMillis", millis);
        }

        /** A protected endpoint that shows whom the security rules let in. */
        @GetMapping("/api/whoami")
        Map<String, Object> whoami(@AuthenticationPrincipal LitperPrincipal caller) {
            return Map.of("subject", caller.subject(), "storeId", String.valueOf(caller.storeId()),
                    "roles", caller.roles().stream().map(Enum::name).sorted().toList());
        }

        @GetMapping("/agents/ping")
        Map<String, Object> agentsPing() {
            return Map.of("pong", CurrentCaller.require().subject());
        }

        @GetMapping("/boom")
        Map<String, Object> boom() {
            throw new IllegalStateException("secret internal state: password=hunter2");
        }
    }
}
