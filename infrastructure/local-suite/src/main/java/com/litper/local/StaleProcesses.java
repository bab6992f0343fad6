package com.litper.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after a local suite that was killed without a chance to stop its children (kill -9,
 * a closed laptop lid): every process it starts leaves a pid file in the data directory, and the
 * next run stops whatever is still alive before starting anew.
 */
final class StaleProcesses {

    private static final Logger log = LoggerFactory.getLogger(StaleProcesses.class);

    private StaleProcesses() {
    }

    /** Reads the pid on the first line of {@code pidFile}, if the file exists and holds one. */
    static Optional<ProcessHandle> fromPidFile(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            return ProcessHandle.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops the process named in {@code pidFile} when it is alive and its command contains
     * {@code commandFragment} (a recycled pid of an unrelated process is left alone).
     */
    static void stop(Path pidFile, String commandFragment) {
        fromPidFile(pidFile)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains(commandFragment)).orElse(false))
                .ifPresent(p -> {
                    log.warn("Stopping {} (pid {}) left running by an earlier local suite", commandFragment, p.pid());
                    terminate(p, Duration.ofSeconds(20));
                });
    }

    /** SIGTERM, then SIGKILL when the process outlives {@code grace}. */
    static void terminate(ProcessHandle process, Duration grace) {
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }
}
