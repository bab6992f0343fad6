package com.litper.local;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Fault orders for the chaos run ({@code infrastructure/chaos}, docs/reliability.md): what a real
 * cluster does to Litper's processes and servers. Only with {@code litper.local.chaos=true}. Each
 * answers when the fault has been applied (a freeze or a restart: when it is over), with the
 * times, so the run can measure recovery from the fault's end.
 */
@RestController
@RequestMapping("/chaos")
@ConditionalOnBooleanProperty("litper.local.chaos")
class ChaosController {

    private static final Logger log = LoggerFactory.getLogger(ChaosController.class);
    private static final Duration LONGEST = Duration.ofMinutes(2);

    private final ServiceProcesses processes;
    private final LocalInfrastructure infrastructure;

    ChaosController(ServiceProcesses processes, LocalInfrastructure infrastructure) {
        this.processes = processes;
        this.infrastructure = infrastructure;
    }

    /** SIGKILL of a service's process; the suite starts it again after {@code litper.local.restart-delay}. */
    @PostMapping("/services/{name}/kill")
    ResponseEntity<?> kill(@PathVariable String name) {
        return SuiteService.named(name)
                .<ResponseEntity<?>>map(service -> {
                    Instant at = Instant.now();
                    long pid = processes.kill(service);
                    log.warn("Chaos: killed {} (pid {}) with SIGKILL", name, pid);
                    return ResponseEntity.ok(answer("kill " + name, at, Instant.now(), Map.of("pid", pid)));
                })
                .orElseGet(() -> problem(HttpStatus.NOT_FOUND, "No service named '" + name + "'."));
    }

    /** SIGSTOP of the Redis master for {@code seconds}, then SIGCONT; with Sentinel a long freeze becomes a failover. */
    @PostMapping("/redis/freeze")
    ResponseEntity<?> freezeRedis(@RequestParam(defaultValue = "10") int seconds) throws InterruptedException {
        Duration frozen = bounded(seconds);
        Instant at = Instant.now();
        log.warn("Chaos: freezing the Redis master for {} s", frozen.toSeconds());
        infrastructure.freezeRedis(frozen);
        return ResponseEntity.ok(answer("freeze redis " + frozen.toSeconds() + "s", at, Instant.now(), Map.of()));
    }

    /** Kills the Redis master; the sentinels promote the replica. The killed server comes back, empty, as a replica after {@code downSeconds}. */
    @PostMapping("/redis/kill-master")
    ResponseEntity<?> killRedisMaster(@RequestParam(defaultValue = "20") int downSeconds) throws InterruptedException {
        Duration down = bounded(downSeconds);
        Instant at = Instant.now();
        int port = infrastructure.killRedisMaster();
        log.warn("Chaos: killed the Redis master on port {}", port);
        Thread.sleep(down.toMillis());
        infrastructure.restartKilledRedis();
        log.warn("Chaos: Redis on port {} is back as a replica", port);
        return ResponseEntity.ok(answer("kill redis master", at, Instant.now(), Map.of("port", port)));
    }

    /** Stops the PostgreSQL replica for {@code seconds}, then starts it again. */
    @PostMapping("/postgres/replica/stop")
    ResponseEntity<?> stopReplica(@RequestParam(defaultValue = "20") int seconds) throws InterruptedException {
        Duration down = bounded(seconds);
        Instant at = Instant.now();
        log.warn("Chaos: stopping the PostgreSQL replica for {} s", down.toSeconds());
        infrastructure.stopReplica();
        Thread.sleep(down.toMillis());
        infrastructure.startReplica();
        return ResponseEntity.ok(answer("stop postgres replica " + down.toSeconds() + "s", at, Instant.now(), Map.of()));
    }

    /** Stops the PostgreSQL primary (its sessions are cut), and starts it again after {@code seconds}. */
    @PostMapping("/postgres/primary/restart")
    ResponseEntity<?> restartPrimary(@RequestParam(defaultValue = "5") int seconds) throws InterruptedException {
        Duration down = bounded(seconds);
        Instant at = Instant.now();
        log.warn("Chaos: restarting the PostgreSQL primary ({} s down)", down.toSeconds());
        infrastructure.restartPrimary(down);
        return ResponseEntity.ok(answer("restart postgres primary", at, Instant.now(), Map.of()));
    }

    private static Duration bounded(int seconds) {
        if (seconds < 0 || seconds > LONGEST.toSeconds()) {
            throw new IllegalArgumentException("seconds must be between 0 and " + LONGEST.toSeconds() + ", was " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static Map<String, Object> answer(String fault, Instant started, Instant ended, Map<String, Object> details) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("fault", fault);
        answer.put("startedAt", started.toString());
        answer.put("endedAt", ended.toString());
        answer.putAll(details);
        return answer;
    }

    @ExceptionHandler({IllegalArgumentException.class, IllegalStateException.class})
    ResponseEntity<?> refused(RuntimeException e) {
        return problem(e instanceof IllegalArgumentException ? HttpStatus.BAD_REQUEST : HttpStatus.CONFLICT, e.getMessage());
    }

    private static ResponseEntity<?> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
