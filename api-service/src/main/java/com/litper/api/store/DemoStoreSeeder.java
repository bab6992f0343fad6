package com.litper.api.store;

import com.litper.api.user.StoreUsers;
import com.litper.common.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the demo store when {@code litper.api.demo-store.enabled=true}, and its owner when a
 * password is configured. A random key is logged only by the replica that created the store, once;
 * a configured key or password is never logged.
 */
@Component
@ConditionalOnBooleanProperty("litper.api.demo-store.enabled")
class DemoStoreSeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoStoreSeeder.class);

    private final ApiKeys apiKeys;
    private final StoreUsers users;
    private final DemoStoreProperties properties;
    private final TransactionTemplate transactions;

    DemoStoreSeeder(ApiKeys apiKeys, StoreUsers users, DemoStoreProperties properties, TransactionTemplate transactions) {
        this.apiKeys = apiKeys;
        this.users = users;
        this.properties = properties;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        transactions.executeWithoutResult(status -> {
            boolean created = apiKeys.createStoreIfAbsent(properties.id(), properties.name());
            if (!properties.apiKey().isBlank()) {
                apiKeys.addKnownKey(properties.id(), "demo", properties.apiKey());
                if (created) {
                    log.info("Created the demo store {} ({}) with the configured API key", properties.name(), properties.id());
                }
            } else if (created) {
                ApiKeys.NewKey key = apiKeys.createKey(properties.id(), "demo");
                // Shown once, like any new key: the database keeps only its hash.
                log.info("Created the demo store {} ({}); its API key, shown only now: {}", properties.name(), properties.id(), key.key());
            }
            if (!properties.ownerPassword().isBlank()) {
                // Never logged: whoever configured it (the local suite) prints it.
                users.setPassword(properties.id(), properties.ownerEmail(), Role.OWNER, properties.ownerPassword());
            }
        });
    }
}
