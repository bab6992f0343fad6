package com.litper.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The chaos run of docs/reliability.md: starts the local suite with a PostgreSQL primary and
 * replica and Redis with Sentinel, sends orders at a steady rate for the run's minutes while the
 * schedule's faults are injected one after another, evenly spread, then lets the accepted orders
 * settle and checks every one of them against what the carrier and WhatsApp sandboxes saw. Prints
 * one line:
 *
 * <pre>chaos minutes=M orders=N accepted=A delivered=D lost=0 stuck=0 double_booked=0 duplicate_messages=X max_recovery_s=R</pre>
 *
 * <p>{@code ./infrastructure/chaos/run --minutes=10} runs the full schedule; a short run is part of
 * {@code ./mvnw verify} ({@code ChaosRunTest}).
 */
public final class ChaosRun {

    /**
     * How a run goes.
     *
     * @param root the checkout whose jars run
     * @param minutes how long orders are sent
     * @param ordersPerSecond the steady rate
     * @param faults the schedule, spread evenly over the minutes
     * @param settle how long accepted orders may take to reach their end after the last one is sent
     * @param sandboxStep time between two carrier events of a sandbox shipment
     */
    public record Options(Path root, double minutes, double ordersPerSecond, List<Fault> faults, Duration settle, Duration sandboxStep) {

        static Options full(Path root, double minutes) {
            return new Options(root, minutes, 1.0, Fault.fullSchedule(), Duration.ofMinutes(4), Duration.ofSeconds(2));
        }

        static Options quick(Path root) {
            return new Options(root, 1.5, 1.0, Fault.shortSchedule(), Duration.ofMinutes(3), Duration.ofSeconds(2));
        }
    }

    private ChaosRun() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        double minutes = 10;
        boolean quick = false;
        for (String arg : args) {
            if (arg.startsWith("--minutes=")) {
                minutes = Double.parseDouble(arg.substring("--minutes=".length()));
            } else if (arg.startsWith("--project-root=")) {
                root = Path.of(arg.substring("--project-root=".length())).toAbsolutePath().normalize();
            } else if (arg.equals("--short")) {
                quick = true;
            } else {
                System.err.println("Unknown argument " + arg + "; use --minutes=<n>, --short, --project-root=<checkout>");
                System.exit(2);
            }
        }
        if (minutes < 1) {
            System.err.println("--minutes must be at least 1");
            System.exit(2);
        }
        Findings findings = run(quick ? Options.quick(root) : Options.full(root, minutes), System.out);
        System.exit(findings.meetsTargets() ? 0 : 1);
    }

    /** Runs the whole thing and returns what it found; progress and the final line go to {@code out}. */
    public static Findings run(Options options, PrintStream out) throws Exception {
        Path data = Files.createTempDirectory("litper-chaos");
        Path log = data.resolve("suite.log");
        out.printf("chaos: starting the suite (PostgreSQL primary + replica, Redis master + 2 replicas + 3 sentinels); log %s%n", log);
        Instant startAsked = Instant.now();
        try (Suite suite = Suite.start(options.root(), data.resolve("data"), options.sandboxStep(), log, Duration.ofMinutes(6))) {
            out.printf("chaos: suite ready after %.1f s; sending %.1f orders/s for %.1f min with %d faults%n",
                    Duration.between(startAsked, Instant.now()).toMillis() / 1000.0, options.ordersPerSecond(), options.minutes(),
                    options.faults().size());
            Instant start = Instant.now();
            Duration length = Duration.ofMillis(Math.round(options.minutes() * 60_000));
            OrderSender sender = new OrderSender(suite, options.ordersPerSecond(), out, start);
            Thread sending = new Thread(() -> sender.sendFor(length), "chaos-orders");
            sending.start();

            List<Fault.Applied> applied = Collections.synchronizedList(new ArrayList<>());
            FaultInjector injector = new FaultInjector(suite, out, start);
            long slot = length.toMillis() / (options.faults().size() + 1);
            for (int i = 0; i < options.faults().size(); i++) {
                Instant due = start.plusMillis(slot * (i + 1));
                long wait = Duration.between(Instant.now(), due).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                applied.add(injector.apply(options.faults().get(i)));
            }
            sending.join();
            out.printf("chaos: %d orders sent, %d accepted; letting them settle (at most %d s)%n", sender.results().size(),
                    sender.accepted().size(), options.settle().toSeconds());
            Findings findings = Findings.collect(suite, options, sender, applied, out);
            out.println(findings.line());
            return findings;
        }
    }

    /** Applies faults and records when each was over. */
    static final class FaultInjector {

        private static final List<String> CARRIERS = List.of("servientrega", "coordinadora", "interrapidisimo", "envia", "tcc");

        private final Suite suite;
        private final PrintStream out;
        private final Instant start;

        FaultInjector(Suite suite, PrintStream out, Instant start) {
            this.suite = suite;
            this.out = out;
            this.start = start;
        }

        Fault.Applied apply(Fault fault) {
            Instant startedAt = Instant.now();
            out.printf("chaos: [+%5.1fs] %s%n", seconds(start, startedAt), fault.describe());
            try {
                Fault.Applied applied = switch (fault.kind()) {
                    case KILL_SERVICE -> kill(fault, startedAt);
                    case FREEZE_REDIS -> timed(fault, startedAt, "/chaos/redis/freeze?seconds=" + fault.length().toSeconds());
                    case KILL_REDIS_MASTER -> timed(fault, startedAt, "/chaos/redis/kill-master?downSeconds=" + fault.length().toSeconds());
                    case STOP_POSTGRES_REPLICA -> timed(fault, startedAt, "/chaos/postgres/replica/stop?seconds=" + fault.length().toSeconds());
                    case RESTART_POSTGRES_PRIMARY -> timed(fault, startedAt, "/chaos/postgres/primary/restart?seconds=" + fault.length().toSeconds());
                    case CARRIER_503 -> carriers(fault, startedAt, "{\"failRate\": 1.0, \"failStatus\": 503}");
                    case CARRIER_LATENCY -> carriers(fault, startedAt, "{\"latencyMs\": 3000}");
                    case WHATSAPP_130429 -> whatsapp(fault, startedAt);
                };
                out.printf("chaos: [+%5.1fs] %s over%s%n", seconds(start, applied.endedAt()), fault.describe(),
                        applied.backAt() == null ? "" : String.format(Locale.ROOT, "; %s ready again %.1f s after the kill",
                                fault.target(), seconds(applied.startedAt(), applied.backAt())));
                return applied;
            } catch (IOException | RuntimeException e) {
                out.printf("chaos: %s could not be applied: %s%n", fault.describe(), e.getMessage());
                return new Fault.Applied(fault, startedAt, Instant.now(), null, "not applied: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted", e);
            }
        }

        private Fault.Applied kill(Fault fault, Instant startedAt) throws IOException, InterruptedException {
            var answer = suite.call("POST", suite.gateway() + "/chaos/services/" + fault.target() + "/kill", null);
            Instant killedAt = Instant.parse(answer.path("startedAt").asString());
            // The suite starts the process again; wait for its replacement to answer ready.
            Thread.sleep(2000);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!suite.ready(fault.target()) && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
            }
            Instant back = suite.ready(fault.target()) ? Instant.now() : null;
            return new Fault.Applied(fault, killedAt, killedAt, back, "pid " + answer.path("pid").asString());
        }

        private Fault.Applied timed(Fault fault, Instant startedAt, String path) throws IOException, InterruptedException {
            var answer = suite.call("POST", suite.gateway() + path, null);
            return new Fault.Applied(fault, Instant.parse(answer.path("startedAt").asString()), Instant.parse(answer.path("endedAt").asString()),
                    null, answer.toString());
        }

        private Fault.Applied carriers(Fault fault, Instant startedAt, String settings) throws IOException, InterruptedException {
            for (String carrier : CARRIERS) {
                suite.call("PUT", suite.sandbox() + "/sandbox/carriers/" + carrier + "/faults", settings);
            }
            Thread.sleep(fault.length().toMillis());
            for (String carrier : CARRIERS) {
                suite.call("DELETE", suite.sandbox() + "/sandbox/carriers/" + carrier + "/faults", null);
            }
            return new Fault.Applied(fault, startedAt, Instant.now(), null, settings);
        }

        private Fault.Applied whatsapp(Fault fault, Instant startedAt) throws IOException, InterruptedException {
            suite.call("PUT", suite.sandbox() + "/sandbox/whatsapp/faults", "{\"failRate\": 1.0, \"errorCode\": 130429}");
            Thread.sleep(fault.length().toMillis());
            suite.call("DELETE", suite.sandbox() + "/sandbox/whatsapp/faults", null);
            return new Fault.Applied(fault, startedAt, Instant.now(), null, "130429");
        }
    }

    /** Sends orders at a steady rate, each retried with its Idempotency-Key until answered, as a careful client would. */
    static final class OrderSender {

        private static final List<String> CITIES = List.of("Bogotá", "Medellín", "Cali", "Barranquilla", "Bucaramanga", "Pereira",
                "Manizales", "Cartagena");

        /**
         * One order the run sent.
         *
         * @param n its number in the run
         * @param sentAt when it was first sent
         * @param acceptedAt when the API answered 201 (null when it never did)
         * @param orderId the created order's id
         * @param attempts requests it took
         * @param refusal the last answer when it was not accepted
         */
        record Sent(int n, Instant sentAt, Instant acceptedAt, String orderId, int attempts, String refusal) {
        }

        private final Suite suite;
        private final double rate;
        private final PrintStream out;
        private final Instant start;
        private final List<Sent> results = Collections.synchronizedList(new ArrayList<>());
        private final ExecutorService pool = Executors.newFixedThreadPool(16);

        OrderSender(Suite suite, double rate, PrintStream out, Instant start) {
            this.suite = suite;
            this.rate = rate;
            this.out = out;
            this.start = start;
        }

        void sendFor(Duration length) {
            long interval = Math.round(1000 / rate);
            int n = 0;
            while (Duration.between(start, Instant.now()).compareTo(length) < 0) {
                int number = ++n;
                pool.submit(() -> results.add(send(number)));
                try {
                    Thread.sleep(Math.max(0, start.plusMillis(interval * number).toEpochMilli() - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            pool.shutdown();
            try {
                pool.awaitTermination(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Sent send(int n) {
            Instant sentAt = Instant.now();
            String body = String.format(Locale.ROOT, """
                    {"buyer": {"name": "Comprador %d", "phone": "310%07d"},
                     "destination": {"address": "Calle %d # %d-%d", "city": "%s"},
                     "items": [{"sku": "SKU-%d", "name": "Producto %d", "quantity": %d, "unitPrice": %d}],
                     "declaredValue": %d, "cashOnDelivery": %d}""",
                    n, n, 1 + n % 120, 1 + n % 90, 1 + n % 70, CITIES.get(n % CITIES.size()), n % 50, n % 50, 1 + n % 3,
                    10_000 + (n % 20) * 5_000, 50_000, n % 2 == 0 ? 50_000 : 0);
            String last = "";
            Instant giveUp = sentAt.plus(Duration.ofMinutes(3));
            int attempts = 0;
            while (Instant.now().isBefore(giveUp)) {
                attempts++;
                try {
                    HttpResponse<String> answer = suite.api("POST", "/api/orders", body, Map.of("Idempotency-Key", "chaos-" + n));
                    if (answer.statusCode() == 201) {
                        String location = answer.headers().firstValue("Location").orElseThrow();
                        return new Sent(n, sentAt, Instant.now(), location.substring(location.lastIndexOf('/') + 1), attempts, null);
                    }
                    last = answer.statusCode() + " " + answer.body();
                    if (answer.statusCode() < 500 && answer.statusCode() != 429 && answer.statusCode() != 409) {
                        out.printf("chaos: order %d refused: %s%n", n, last);
                        return new Sent(n, sentAt, null, null, attempts, last);
                    }
                } catch (IOException e) {
                    last = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            out.printf("chaos: order %d not accepted after %d attempts: %s%n", n, attempts, last);
            return new Sent(n, sentAt, null, null, attempts, last);
        }

        List<Sent> results() {
            synchronized (results) {
                return List.copyOf(results);
            }
        }

        List<Sent> accepted() {
            return results().stream().filter(s -> s.acceptedAt() != null).toList();
        }
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
