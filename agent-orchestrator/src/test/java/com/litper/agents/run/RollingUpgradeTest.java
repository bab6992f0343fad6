package com.litper.agents.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.models.messages.MessageParam;
import com.litper.common.testing.PreviousReleaseWriters;
import com.litper.embedded.EmbeddedInfrastructure;
import com.litper.embedded.LocalPostgres;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Pods of the previous release keep recording runs while this release's schema is in place: their
 * writes ({@code previous-release/writers.sql}) succeed against the "agents" schema migrated by Flyway
 * as the service configures it (in a database of its own), and this release's {@link RunRecorder}
 * carries on with a run the previous release started and never finished.
 */
@ExtendWith(EmbeddedInfrastructure.class)
class RollingUpgradeTest {

    private static final UUID ANSWERED = UUID.fromString("e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a01");
    private static final UUID UNFINISHED = UUID.fromString("e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a11");
    private static final UUID STORE = UUID.fromString("e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a02");
    private static final UUID CONVERSATION = UUID.fromString("e0f4a5b6-3c4d-4e5f-8a6b-7c8d9e0f1a03");

    @Test
    void thePreviousReleasesRunsAreRecordedAndThisReleaseFinishesTheOneItLeftRunning() {
        LocalPostgres postgres = EmbeddedInfrastructure.postgres();
        String database = "upgrade_agents_" + UUID.randomUUID().toString().substring(0, 8);
        postgres.createDatabaseIfMissing(database);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(postgres.jdbcUrl(database));
        dataSource.setUser(LocalPostgres.USER);
        // As application.yml and litper-defaults.properties configure Flyway for this service: a session-level lock, which
        // V2's CREATE INDEX CONCURRENTLY does not wait for.
        Flyway.configure().dataSource(dataSource).schemas("agents").defaultSchema("agents").locations("classpath:db/migration/agents")
                .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                .load().migrate();

        PreviousReleaseWriters.run(dataSource, PreviousReleaseWriters.WRITERS);

        JdbcClient jdbc = JdbcClient.create(dataSource);
        RunRecorder recorder = new RunRecorder(jdbc);
        recorder.started(UNFINISHED, STORE, CONVERSATION);
        recorder.finished(UNFINISHED, "ESCALATED", List.of(
                MessageParam.ofUser("Quiero hablar con una persona"),
                MessageParam.ofAssistant("Un asesor te escribirá en breve.")));

        assertThat(jdbc.sql("SELECT status FROM agents.agent_run WHERE id IN (:ids) ORDER BY id").param("ids", List.of(ANSWERED, UNFINISHED))
                .query(String.class).list()).containsExactly("ANSWERED", "ESCALATED");
        assertThat(jdbc.sql("SELECT count(*) FROM agents.agent_run WHERE finished_at IS NOT NULL").query(Long.class).single()).isEqualTo(2);
        // The previous release's rows are buyers' runs (try_it's default) without the view's details.
        assertThat(jdbc.sql("SELECT count(*) FROM agents.agent_run WHERE try_it OR input_tokens IS NOT NULL").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT role FROM agents.transcript_entry WHERE run_id = :run ORDER BY id").param("run", UNFINISHED)
                .query(String.class).list()).containsExactly("user", "assistant");
        assertThat(jdbc.sql("SELECT content->>'content' FROM agents.transcript_entry WHERE run_id = :run ORDER BY id").param("run", ANSWERED)
                .query(String.class).list()).containsExactly("¿Dónde está mi pedido?", "Tu pedido va en camino con Coordinadora.");
    }
}
