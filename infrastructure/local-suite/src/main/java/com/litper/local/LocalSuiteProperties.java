package com.litper.local;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the local suite runs on a developer's machine.
 *
 * @param projectRoot the checkout whose service jars ({@code <module>/target/<module>.jar}) are started
 * @param dataDirectory where PostgreSQL and Redis keep their data and the services their logs;
 *     kept between runs (git-ignored), relative paths resolve against {@code projectRoot}
 * @param postgresPort PostgreSQL's port on 127.0.0.1
 * @param durable whether PostgreSQL (and its replica) run with {@code fsync} and
 *     {@code synchronous_commit} on, as production does; off by default, the embedded server's
 *     test settings: faster, and a crash of the machine may lose the last commits
 * @param redisPort Redis's port on 127.0.0.1
 * @param replica whether to run a streaming replica of PostgreSQL too, and send the services'
 *     read-only transactions to it (as production does with its replicas)
 * @param replicaPort the replica's port on 127.0.0.1
 * @param redisSentinel whether Redis runs as production runs it: a master, a replica and three
 *     sentinels (on free ports, in memory), the services finding the master through the sentinels;
 *     off, one Redis server on {@code redisPort} keeps its data in the data directory
 * @param chaos whether the suite takes fault orders on {@code /chaos/*} (kill a service, freeze or
 *     kill Redis, stop PostgreSQL): for {@code infrastructure/chaos}, never for everyday use
 * @param restartDelay how long after a service process dies unexpectedly it is started again (as
 *     Kubernetes restarts a crashed container); doubled for a process that dies again within a
 *     minute of its start, up to 30 s
 * @param servicePortBase first port of the six services (127.0.0.1), one after another in catalog order;
 *     each service's management port (its actuator endpoints) is its port + 1000
 * @param services which services the suite runs and routes to (all six by default)
 * @param external services the suite routes to and watches but does not start, because the
 *     developer runs them (say, from an IDE under a debugger) on their usual local port
 * @param serviceJvmOptions JVM options of each service process: small heaps and a quick JIT fit
 *     six JVMs on a 2-core laptop
 * @param classDataSharing whether the services start with Java's class data sharing (ClassDataSharing):
 *     from their extracted jars, writing an archive of the classes they loaded when they stop and
 *     starting from it the next time (in {@code <data directory>/cds})
 * @param readyTimeout how long to wait for every service's {@code /ready} before giving up
 * @param stopTimeout how long a service may take to stop gracefully before it is killed
 * @param sandbox whether to run the carrier and WhatsApp sandbox ({@code infrastructure/sandbox}) and
 *     point the services at it; off, the services keep their own configuration (WhatsApp sending off)
 * @param sandboxPort the sandbox's port on 127.0.0.1; the services' default carrier URLs expect 8099
 * @param sandboxStepInterval time between two events of a sandbox shipment: short, so a whole delivery
 *     shows within a minute
 * @param traceViewer whether to run the trace viewer (a Zipkin server, {@link TraceViewer}) and send
 *     every service's spans to it
 * @param traceViewerPort the trace viewer's port on 127.0.0.1 (Zipkin's usual one)
 */
@Validated
@ConfigurationProperties("litper.local")
public record LocalSuiteProperties(
        @DefaultValue(".") @NotBlank String projectRoot,
        @DefaultValue(".local-data") @NotBlank String dataDirectory,
        @DefaultValue("55432") @Min(1) @Max(65535) int postgresPort,
        @DefaultValue("false") boolean durable,
        @DefaultValue("56379") @Min(1) @Max(65535) int redisPort,
        @DefaultValue("false") boolean replica,
        @DefaultValue("55433") @Min(1) @Max(65535) int replicaPort,
        @DefaultValue("false") boolean redisSentinel,
        @DefaultValue("false") boolean chaos,
        @DefaultValue("1s") @NotNull Duration restartDelay,
        @DefaultValue("8101") @Min(1) @Max(64529) int servicePortBase,
        @DefaultValue({"api-service", "agent-orchestrator", "chat-service", "tracking-service", "analytics-service", "worker-service"})
        @NotEmpty List<String> services,
        @DefaultValue({}) @NotNull List<String> external,
        @DefaultValue({"-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"})
        List<String> serviceJvmOptions,
        @DefaultValue("true") boolean classDataSharing,
        @DefaultValue("5m") @NotNull Duration readyTimeout,
        @DefaultValue("40s") @NotNull Duration stopTimeout,
        @DefaultValue("true") boolean sandbox,
        @DefaultValue("8099") @Min(1) @Max(65535) int sandboxPort,
        @DefaultValue("4s") @NotNull Duration sandboxStepInterval,
        @DefaultValue("true") boolean traceViewer,
        @DefaultValue("9411") @Min(1) @Max(65535) int traceViewerPort) {

    // Plain strings, not Path: Spring converts a Path property through a Resource, which rejects "../..".

    /** The project root as an absolute path. */
    public Path root() {
        return Path.of(projectRoot).toAbsolutePath().normalize();
    }

    /** The data directory as an absolute path. */
    public Path data() {
        return root().resolve(dataDirectory).normalize();
    }

    /** The port the service at {@code index} of the catalog listens on. */
    public int servicePort(int index) {
        return servicePortBase + index;
    }

    /** The management port (actuator endpoints) of the service at {@code index}: its port + 1000. */
    public int managementPort(int index) {
        return servicePort(index) + 1000;
    }
}
