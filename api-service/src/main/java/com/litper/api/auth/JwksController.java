package com.litper.api.auth;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public halves of the signing keys, which every service uses to check tokens. */
@RestController
class JwksController {

    private final TokenIssuer issuer;

    JwksController(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    @GetMapping("/.well-known/jwks.json")
    ResponseEntity<Map<String, Object>> jwks() {
        Map<String, Object> keys = issuer.keys().map(SigningKeys::publicJson).orElse(Map.of("keys", java.util.List.of()));
        // Services refetch on an unknown kid anyway; a short cache only spares repeated fetches.
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic()).body(keys);
    }
}
