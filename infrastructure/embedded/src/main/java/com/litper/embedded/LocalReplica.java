package com.litper.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A streaming replica of a {@link LocalPostgres} primary, made from the same embedded binaries.
 * The bundle has no {@code pg_basebackup}, so the replica starts from a hot copy taken the way
 * {@code pg_basebackup} does it: {@code pg_backup_start}, copy the data directory,
 * {@code pg_backup_stop} on the same session, write its {@code backup_label}, then start the copy
 * in standby mode streaming from a physical replication slot (so the primary keeps the WAL the
 * replica still needs).
 */
public final class LocalReplica {

    private LocalReplica() {
    }

    /**
     * Creates (first time) and starts a replica of {@code primary} in {@code dataDirectory} on
     * {@code port}. An existing replica directory is started as it is and catches up. It is as
     * durable as the primary ({@link LocalPostgres#isDurable()}).
     */
    public static LocalPostgres start(LocalPostgres primary, Path dataDirectory, int port, String slotName) {
        if (!slotName.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("Not a plain slot name: " + slotName);
        }
        if (!Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            cloneFrom(primary, dataDirectory, port, slotName);
        }
        return LocalPostgres.start(dataDirectory, port, primary.isDurable());
    }

    private static void cloneFrom(LocalPostgres primary, Path target, int port, String slotName) {
        String url = primary.jdbcUrl("postgres") + "?user=" + LocalPostgres.USER;
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slotName + "'")) {
                if (!rs.next()) {
                    statement.execute("SELECT pg_create_physical_replication_slot('" + slotName + "', true)");
                }
            }
            statement.execute("SELECT pg_backup_start('" + slotName + "', true)");
            copy(primary.dataDirectory(), target);
            String label;
            try (ResultSet rs = statement.executeQuery("SELECT labelfile FROM pg_backup_stop(false)")) {
                rs.next();
                label = rs.getString(1);
            }
            Files.writeString(target.resolve("backup_label"), label);
            Files.writeString(target.resolve("standby.signal"), "");
            Files.writeString(target.resolve("postgresql.auto.conf"),
                    "primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=" + LocalPostgres.USER
                            + " application_name=" + slotName + "'\n"
                            + "primary_slot_name = '" + slotName + "'\n"
                            + "hot_standby = on\n"
                            + "port = " + port + "\n");
            // PostgreSQL refuses a data directory that others may read.
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not take a base backup of the primary on port " + primary.port(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the primary's data to " + target, e);
        }
    }

    // What pg_basebackup leaves out: runtime files of the running primary, and WAL and slot state
    // that the replica gets by streaming.
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "tablespace_map", "standby.signal", "recovery.signal", "postgresql.auto.conf");
    private static final Set<String> EMPTIED_DIRECTORIES = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

    private static void copy(Path source, Path target) throws IOException {
        Files.createDirectories(target);
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(dir);
                Files.createDirectories(target.resolve(relative.toString()));
                if (relative.getNameCount() == 1 && EMPTIED_DIRECTORIES.contains(relative.toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path relative = source.relativize(file);
                if (relative.getNameCount() == 1 && SKIPPED_FILES.contains(relative.toString())) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, target.resolve(relative.toString()), StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.NoSuchFileException removedMeanwhile) {
                    // See visitFileFailed: WAL replay recreates what the replica needs.
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // A file the primary removed while we copied (temporary files, dropped relations):
                // WAL replay recreates whatever the replica needs.
                return FileVisitResult.CONTINUE;
            }
        });
        // pg_wal needs its archive_status subdirectory to exist.
        Files.createDirectories(target.resolve("pg_wal").resolve("archive_status"));
    }
}
