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
 * Java's application class data sharing (AppCDS) for the service JVMs. A service starts from its
 * extracted jar ({@code java -Djarmode=tools -jar <jar> extract}: an application jar and its
 * libraries as plain jars, which CDS can archive, unlike jars nested in a Spring Boot jar), with
 * {@code -XX:SharedArchiveFile} once it has an archive: the classes its start loads are then mapped
 * from the archive instead of being read from the jars, parsed and verified again, which is most of
 * what a Spring Boot start spends its CPU on before the application's own code runs.
 *
 * <p>The archive is made by a training run, as Spring Boot's documentation describes: the service
 * started with {@code -XX:ArchiveClassesAtExit} and {@code -Dspring.context.exit=onRefresh}, so the
 * JVM stops once the application context is refreshed (before any web server listens or any worker
 * or scheduler starts) and writes the classes it loaded. The suite runs the training runs after it
 * is up (ServiceProcesses#makeMissingArchives), one service at a time, so the first start is not
 * slowed down and the next one is faster.
 *
 * <p>Everything lives in {@code <data>/cds/<service>/}. The extraction is redone, and the archive
 * dropped, when the jar's content changes (a hash of its entries' names, sizes and CRCs: a rebuild
 * that changes nothing keeps the archive, though it rewrites the jar). The JVM checks the archive
 * against the jars it was made from and the JVM itself, and starts without it (a warning in the
 * service's log) when they differ. Hand-written because the JDK 17 has no automatic archive
 * ({@code -XX:+AutoCreateSharedArchive} came in 19).
 */
final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);

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
     * Extracts {@code jar} for {@code service} unless the extraction of the same content is there;
     * false when it cannot (the service then starts from its jar, without class data sharing).
     * Services have directories of their own, so several may be prepared at once.
     */
    boolean prepare(String service, Path jar) {
        Path home = directory.resolve(service);
        Path stampFile = home.resolve("jar-content.sha256");
        try {
            String stamp = contentHash(jar);
            if (!Files.isRegularFile(stampFile) || !Files.readString(stampFile).trim().equals(stamp)
                    || !Files.isRegularFile(extractedJar(service))) {
                deleteTree(home);
                Files.createDirectories(home);
                extract(jar, home.resolve("app"));
                Files.writeString(stampFile, stamp);
                log.info("{}: extracted {} for class data sharing", service, jar);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("{}: cannot extract {} for class data sharing ({}); starting from the jar without it", service, jar, e.toString());
            return false;
        }
    }

    private Path extractedJar(String service) {
        return directory.resolve(service).resolve("app").resolve(service + ".jar");
    }

    /**
     * The JVM arguments that start {@code service} from {@code jar} with class data sharing:
     * the archive flag and {@code -jar <extracted jar>}, or {@code -jar <jar>} when it cannot be
     * extracted.
     */
    List<String> launchArguments(String service, Path jar) {
        if (!prepare(service, jar)) {
            return List.of("-jar", jar.toString());
        }
        List<String> arguments = new ArrayList<>();
        if (Files.isRegularFile(archive(service))) {
            arguments.add("-XX:SharedArchiveFile=" + archive(service));
        }
        arguments.add("-jar");
        arguments.add(extractedJar(service).toString());
        return arguments;
    }

    /** Whether {@code service} is extracted and has no archive yet: a training run would make one. */
    boolean needsTraining(String service) {
        return Files.isRegularFile(extractedJar(service)) && !Files.isRegularFile(archive(service));
    }

    /** The JVM arguments of a training run of {@code service}, after the JVM options. */
    List<String> trainingArguments(String service) {
        // -Xlog:cds=off: the JVM lists every class it cannot archive (generated accessors, JFR events), thousands of lines.
        return List.of("-XX:ArchiveClassesAtExit=" + archiveBeingWritten(service), "-Xlog:cds=off",
                "-Dspring.context.exit=onRefresh", "-jar", extractedJar(service).toString());
    }

    /**
     * After a training run ended: the archive it wrote becomes the one later starts use, if it
     * ended as a training run ends (exit code 0, after the context was refreshed).
     */
    synchronized void trained(String service, int exitCode) {
        Path written = archiveBeingWritten(service);
        try {
            if (exitCode == 0 && Files.isRegularFile(written)) {
                Files.move(written, archive(service), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                log.info("{}: class data archive {} ({} MiB) for its next start", service, archive(service),
                        Files.size(archive(service)) >> 20);
            } else {
                Files.deleteIfExists(written);
                log.warn("{}: the training run for class data sharing ended with exit code {}; no archive (see its log)",
                        service, exitCode);
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
