package com.litper.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The CloudNativePG cluster of infrastructure/postgres-ha backs up continuously (WAL archiving plus a
 * nightly base backup to object storage, credentials from a Secret), and the restore drill reads the
 * very backups it writes.
 */
class PostgresBackupTest {

    static final Path POSTGRES = Path.of("..", "infrastructure", "postgres-ha").toAbsolutePath().normalize();

    @Test
    void theClusterArchivesItsWalAndTakesANightlyBaseBackupWithCredentialsFromASecret() throws IOException {
        List<JsonNode> documents = documents(POSTGRES.resolve("cluster.yaml"));
        JsonNode cluster = kind(documents, "Cluster");
        JsonNode store = cluster.path("spec").path("backup").path("barmanObjectStore");
        assertThat(store.path("destinationPath").asString()).startsWith("s3://");
        for (String credential : List.of("accessKeyId", "secretAccessKey")) {
            JsonNode ref = store.path("s3Credentials").path(credential);
            assertThat(ref.path("name").asString()).as(credential).isEqualTo("litper-db-backup");
            assertThat(ref.path("key").asString()).as(credential).isNotBlank();
        }
        assertThat(store.path("wal").path("compression").asString()).isEqualTo("gzip");
        assertThat(cluster.path("spec").path("backup").path("retentionPolicy").asString()).matches("\\d+[dwm]");

        JsonNode scheduled = kind(documents, "ScheduledBackup");
        assertThat(scheduled.path("spec").path("cluster").path("name").asString()).isEqualTo(cluster.path("metadata").path("name").asString());
        assertThat(scheduled.path("spec").path("method").asString()).isEqualTo("barmanObjectStore");
        // CloudNativePG's schedule has six fields, seconds first: a five-field one means something else.
        assertThat(scheduled.path("spec").path("schedule").asString().split(" ")).hasSize(6);
    }

    @Test
    void theRestoreDrillRecoversFromTheSameBackupsToAPointInTimeIntoANewCluster() throws IOException {
        JsonNode cluster = kind(documents(POSTGRES.resolve("cluster.yaml")), "Cluster");
        JsonNode restore = kind(documents(POSTGRES.resolve("restore-drill.yaml")), "Cluster");
        assertThat(restore.path("metadata").path("name").asString()).isNotEqualTo(cluster.path("metadata").path("name").asString());

        JsonNode recovery = restore.path("spec").path("bootstrap").path("recovery");
        assertThat(recovery.path("recoveryTarget").path("targetTime").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        JsonNode source = null;
        for (JsonNode external : restore.path("spec").path("externalClusters")) {
            if (external.path("name").asString().equals(recovery.path("source").asString())) {
                source = external;
            }
        }
        assertThat(source).as("the external cluster named by bootstrap.recovery.source").isNotNull();
        JsonNode backups = source.path("barmanObjectStore");
        JsonNode store = cluster.path("spec").path("backup").path("barmanObjectStore");
        assertThat(backups.path("serverName").asString()).isEqualTo(cluster.path("metadata").path("name").asString());
        assertThat(backups.path("destinationPath").asString()).isEqualTo(store.path("destinationPath").asString());
        assertThat(backups.path("s3Credentials")).isEqualTo(store.path("s3Credentials"));
        assertThat(recovery.path("database").asString()).isEqualTo(cluster.path("spec").path("bootstrap").path("initdb").path("database").asString());
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<JsonNode> documents = new ArrayList<>();
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                documents.add(yaml.readTree(document));
            }
        }
        return documents;
    }

    private static JsonNode kind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }
}
