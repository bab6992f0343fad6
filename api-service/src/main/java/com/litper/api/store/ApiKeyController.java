package com.litper.api.store;

import com.litper.common.web.ApiProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A store manages its own API keys: make another one (shown once), list them, revoke one. */
@RestController
@RequestMapping("/api")
class ApiKeyController {

    private final ApiKeys apiKeys;

    ApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** @param name a label for the key, e.g. where it is used */
    record CreateKeyRequest(@Size(max = 100) String name) {
    }

    /** The calling store. */
    record StoreResponse(UUID id, String name, UUID keyId) {
    }

    @GetMapping("/store")
    StoreResponse store(AuthenticatedStore store) {
        return new StoreResponse(store.id(), store.name(), store.keyId());
    }

    @PostMapping("/keys")
    ResponseEntity<ApiKeys.NewKey> create(AuthenticatedStore store, @Valid @RequestBody(required = false) CreateKeyRequest request) {
        String name = request == null || request.name() == null ? "" : request.name().strip();
        ApiKeys.NewKey key = apiKeys.createKey(store.id(), name);
        return ResponseEntity.created(URI.create("/api/keys/" + key.id())).body(key);
    }

    @GetMapping("/keys")
    List<ApiKeys.KeyInfo> list(AuthenticatedStore store) {
        return apiKeys.keys(store.id());
    }

    @DeleteMapping("/keys/{id}")
    ResponseEntity<Void> revoke(AuthenticatedStore store, @PathVariable UUID id) {
        if (!apiKeys.revoke(store.id(), id)) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "Your store has no API key " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }
}
