package com.litper.api.store;

import java.util.UUID;

/**
 * The store a request acts for, from its API key or its access token. Controllers declare it as a
 * parameter; every query of store data filters by {@link #id()}.
 *
 * @param id the store
 * @param name the store's name
 * @param keyId the API key the request used; null for a request with an access token
 */
public record AuthenticatedStore(UUID id, String name, UUID keyId) {
}
