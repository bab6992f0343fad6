package com.litper.api.store;

import com.litper.common.security.LitperAuthentication;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.security.Role;
import java.util.Set;

/** A request authenticated by an API key: an integration of one store, with the store's name at hand. */
final class ApiKeyAuthentication extends LitperAuthentication {

    private final AuthenticatedStore store;

    ApiKeyAuthentication(AuthenticatedStore store) {
        super(new LitperPrincipal(subject(store), store.id(), Set.of(Role.INTEGRATION)));
        this.store = store;
    }

    /** The subject of a key's caller (and of the tokens a key is exchanged for). */
    static String subject(AuthenticatedStore store) {
        return "apikey:" + store.keyId();
    }

    AuthenticatedStore store() {
        return store;
    }
}
