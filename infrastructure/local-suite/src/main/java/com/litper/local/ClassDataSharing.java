package com.litper.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java's application class data sharing (AppCDS) for the service JVMs: a service starts from its
 * extracted jar ({@code java -Djarmode=tools -jar <jar> extract}: an application jar and its
 * libraries as plain jars, which CDS can archive, unlike jars nested in a Spring Boot jar), and
 *
 * <ul>
 *   <li>without an archive, with {@code -XX:ArchiveClassesAtExit}: the JVM writes every class it
 *       loaded, parsed and verified, into a dynamic archive when it exits (when the suite stops);</li>
 *   <li>with one, with {@code -XX:SharedArchiveFile}: those classes are mapped from the archive
 *       instead of being read from the jars, parsed and verified again, which is most of what a
 *       Spring Boot start spends its CPU on before the application's own code runs.</li>
 * </ul>
 *
 * Everything lives in {@code <data>/cds/<service>/}. The extraction is redone, and the archive
 * dropped, when the jar's content changes (a hash of its entries' names, sizes and CRCs: a rebuild
 * that changes nothing keeps the archive, though it rewrites the jar). The JVM checks the archive
 * against the jars it was made from and the JVM itself, and starts without it (a warning in the
 * service's log) when they differ. Hand-written because the JDK 17 has no automatic archive
 * ({@code -XX:+AutoCreateSharedArchive} came in 19).
 */
final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);

    /** Exit codes after which an archive being written may be cut short: SIGKILL, SIGABRT (a JVM crash). */
    private static final List<Integer> INCOMPLETE = List.of(128 + 9, 128 + 6);

    private final Path directory;

    ClassDataSharing(Path dataDirectory) {
        this.directory = dataDirectory.resolve("cds");
    }

    Path archive(String service) {
        return directory.resolve(service).resolve(service + ".jsa");
    }

    private Path archiveBeingWritten(String service) {
        return directory.resolve(service).resolve(service + ".jsa.part");
    }

    /**
     * The JVM arguments that start {@code service} from {@code jar} with class data sharing:
     * the archive flag and {@code -jar <extracted jar>}. Falls back to {@code -jar <jar>} (and
     * says so) when the jar cannot be extracted.
     */
    synchronized List<String> launchArguments(String service, Path jar) {
        Path home = directory.resolve(service);
        Path extracted = home.resolve("app");
        Path stampFile = home.resolve("jar-content.sha256");
        try {
            String stamp = contentHash(jar);
            if (!Files.isRegularFile(stampFile) || !Files.readString(stampFile).trim().equals(stamp)
                    || !Files.isRegularFile(extracted.resolve(service + ".jar"))) {
                deleteTree(home);
                Files.createDirectories(home);
                extract(jar, extracted);
                Files.writeString(stampFile, stamp);
                log.info("{}: extracted {} for class data sharing; the archive is written when the suite stops", service, jar);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("{}: cannot extract {} for class data sharing ({}); starting from the jar without it", service, jar, e.toString());
            return List.of("-jar", jar.toString());
        }
        List<String> arguments = new ArrayList<>();
        if (Files.isRegularFile(archive(service))) {
            arguments.add("-XX:SharedArchiveFile=" + archive(service));
        } else {
            arguments.add("-XX:ArchiveClassesAtExit=" + archiveBeingWritten(service));
        }
        arguments.add("-jar");
        arguments.add(extracted.resolve(service + ".jar").toString());
        return arguments;
    }

    /**
     * After the service's process ended: an archive it wrote at exit becomes the one later starts
     * use, unless the process was killed or crashed while it could have been writing it.
     */
    synchronized void exited(String service, int exitCode) {
        Path written = archiveBeingWritten(service);
        if (!Files.isRegularFile(written)) {
            return;
        }
        try {
            if (INCOMPLETE.contains(exitCode)) {
                Files.delete(written);
                log.info("{}: dropped the class data archive it was writing (exit code {})", service, exitCode);
            } else {
                Files.move(written, archive(service), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                log.info("{}: class data archive {} ({} MiB) for the next start", service, archive(service),
                        Files.size(archive(service)) >> 20);
            }
        } catch (IOException e) {
            log.warn("{}: could not keep the class data archive {}", service, written, e);
        }
    }

    /** A hash of the jar's entries (name, size, CRC), independent of the time the jar was written. */
    static String contentHash(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (ZipEntry entry : Collections.list(zip.entries())) {
                digest.update((entry.getName() + "\0" + entry.getSize() + "\0" + entry.getCrc() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(Path jar, Path destination) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", destination.toString(), "--force")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("java -Djarmode=tools -jar " + jar + " extract failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("Interrupted while extracting " + jar, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Collections.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
