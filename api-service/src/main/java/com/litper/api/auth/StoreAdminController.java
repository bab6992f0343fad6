package com.litper.api.auth;

import com.litper.api.store.ApiKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Platform endpoints for operators (the shared rules keep {@code /api/admin/**} for the OPERATOR role). */
@RestController
class StoreAdminController {

    private final ApiKeys apiKeys;

    StoreAdminController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    /** @param name the store's name */
    record CreateStoreRequest(@NotBlank @Size(max = 200) String name) {
    }

    /** Creates a store with its first API key, shown only in this response. */
    @PostMapping("/api/admin/stores")
    ResponseEntity<ApiKeys.NewKey> create(@Valid @RequestBody CreateStoreRequest request) {
        ApiKeys.NewKey key = apiKeys.createStore(request.name().strip());
        return ResponseEntity.created(URI.create("/api/admin/stores/" + key.storeId())).body(key);
    }
}
