package com.litper.api.store;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A demo store created at startup, for the local suite and first steps; off by default.
 *
 * @param enabled whether to create the demo store (once: later startups find it and do nothing)
 * @param id the demo store's id, fixed so every replica and restart agrees on which store it is
 * @param name the demo store's name
 * @param apiKey a fixed key for the demo store ({@code lp_live_} and 32 characters of
 *     {@code A-Z a-z 0-9 _ -}), so scripts can use it; empty: a random key is made and logged once,
 *     when the store is created
 * @param ownerEmail the email of the demo store's owner, who signs in at the token endpoint
 * @param ownerPassword the owner's password (at least 12 characters), set at every start so it
 *     matches the configuration; empty: no owner user is made
 */
@Validated
@ConfigurationProperties("litper.api.demo-store")
public record DemoStoreProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("00000000-0000-4000-8000-00000000d3e0") @NotNull UUID id,
        @DefaultValue("Demo store") @NotBlank String name,
        @DefaultValue("") String apiKey,
        @DefaultValue("owner@demo.litper.local") @NotBlank String ownerEmail,
        @DefaultValue("") String ownerPassword) {
}
