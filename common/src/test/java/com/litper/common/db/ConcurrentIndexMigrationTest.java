package com.litper.common.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.litper.common.testapp.TestApplication;
import com.litper.common.testing.MigrationRules;
import com.litper.embedded.EmbeddedInfrastructure;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A migration that builds an index with CREATE INDEX CONCURRENTLY, as the rolling-upgrade rules ask
 * for tables of earlier migrations, runs to the end under the services' Flyway settings: its script
 * runs outside a transaction ({@code .sql.conf}), and Flyway's lock is not held in an open
 * transaction that the index build would wait for forever.
 */
@ExtendWith(EmbeddedInfrastructure.class)
@SpringBootTest(classes = TestApplication.class, properties = {
        "spring.flyway.enabled=true",
        "spring.flyway.locations=classpath:db/concurrentindex"})
class ConcurrentIndexMigrationTest {

    static final String SCHEMA = "concurrent_index_" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void schema(DynamicPropertyRegistry registry) {
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void anIndexBuiltConcurrentlyIsValidAfterTheMigration() {
        assertThat(jdbc.sql("""
                        SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                        JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relname = 'parcel_reference_idx'""")
                .param("schema", SCHEMA).query(Boolean.class).single()).isTrue();
        // The example follows the rules it illustrates.
        assertThat(MigrationRules.check(MigrationRules.load(Path.of("src/test/resources/db/concurrentindex"), Path.of("")))).isEmpty();
    }
}
