package com.litper.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * What the run found, from the store's side (the API) and from the carriers' and buyers' side (the
 * sandboxes), after the accepted orders were given time to settle.
 *
 * @param minutes how long orders were sent
 * @param orders orders sent
 * @param accepted orders the API accepted (201)
 * @param delivered accepted orders Litper shows DELIVERED
 * @param failed accepted orders Litper shows FAILED (booking refused for good, with a reason): a documented end
 * @param lost accepted orders never booked and not in a documented end (still CREATED, or missing)
 * @param stuck orders the carrier delivered that Litper does not show DELIVERED
 * @param doubleBooked orders with more than one shipment at the carriers
 * @param duplicateMessages WhatsApp messages the buyers got twice (same phone, template and parameters)
 * @param maxRecoverySeconds the longest recovery over the faults (see {@link Recovery})
 * @param recoveries each fault's recovery
 * @param problems one line per lost, stuck or double-booked order, for the report
 */
public record Findings(double minutes, int orders, int accepted, int delivered, int failed, int lost, int stuck, int doubleBooked,
        int duplicateMessages, double maxRecoverySeconds, List<Recovery> recoveries, List<String> problems) {

    /** The recovery targets of docs/reliability.md. */
    static final double RECOVERY_TARGET_SECONDS = 30;

    private static final Set<String> ENDS = Set.of("DELIVERED", "RETURNED", "CANCELLED", "FAILED");

    /**
     * How long Litper took to get back to work after one fault: from the fault's start (a process or
     * server lost, that a replacement takes over) or its end (an outage nothing can serve through),
     * until every order that was waiting for a booking then was booked, and an order accepted after
     * that moment was booked too. For a WhatsApp fault: until the next message reached a buyer.
     */
    public record Recovery(String fault, double seconds, String detail) {
    }

    public boolean meetsTargets() {
        return lost == 0 && stuck == 0 && doubleBooked == 0 && maxRecoverySeconds <= RECOVERY_TARGET_SECONDS;
    }

    public String line() {
        return String.format(Locale.ROOT,
                "chaos minutes=%s orders=%d accepted=%d delivered=%d lost=%d stuck=%d double_booked=%d duplicate_messages=%d max_recovery_s=%.1f",
                minutes == Math.rint(minutes) ? Long.toString((long) minutes) : Double.toString(minutes), orders, accepted, delivered, lost,
                stuck, doubleBooked, duplicateMessages, maxRecoverySeconds);
    }

    static Findings collect(Suite suite, ChaosRun.Options options, ChaosRun.OrderSender sender, List<Fault.Applied> applied,
            PrintStream out) throws Exception {
        List<ChaosRun.OrderSender.Sent> accepted = sender.accepted();
        Map<String, JsonNode> orders = settle(suite, accepted, options.settle(), out);
        Map<String, List<JsonNode>> shipments = shipmentsByOrder(suite);
        JsonNode messages = Suite.JSON.readTree(suite.get(suite.sandbox() + "/sandbox/whatsapp/messages").body()).path("messages");

        List<String> problems = new ArrayList<>();
        int delivered = 0;
        int failed = 0;
        int lost = 0;
        int stuck = 0;
        int doubleBooked = 0;
        Map<String, Instant> bookedAt = new HashMap<>();
        for (ChaosRun.OrderSender.Sent sent : accepted) {
            JsonNode order = orders.get(sent.orderId());
            String status = order == null ? "MISSING" : order.path("status").asString();
            List<JsonNode> atCarriers = shipments.getOrDefault(sent.orderId(), List.of());
            atCarriers.stream().map(s -> Instant.parse(s.path("createdAt").asString())).min(Instant::compareTo)
                    .ifPresent(at -> bookedAt.put(sent.orderId(), at));
            switch (status) {
                case "DELIVERED" -> delivered++;
                case "FAILED" -> failed++;
                case "CREATED", "MISSING" -> {
                    lost++;
                    problems.add("lost: order " + sent.n() + " (" + sent.orderId() + ") is " + status + " with " + atCarriers.size()
                            + " shipment(s) at the carriers");
                }
                default -> {
                }
            }
            boolean carrierDelivered = atCarriers.stream().anyMatch(s -> {
                for (JsonNode event : s.path("events")) {
                    if ("DELIVERED".equals(event.path("milestone").asString())) {
                        return true;
                    }
                }
                return false;
            });
            if (carrierDelivered && !"DELIVERED".equals(status)) {
                stuck++;
                problems.add("stuck: order " + sent.n() + " (" + sent.orderId() + ") was delivered by "
                        + atCarriers.get(0).path("carrier").asString() + " (" + atCarriers.get(0).path("trackingNumber").asString()
                        + ") but Litper shows " + status);
            }
            if (atCarriers.size() > 1) {
                doubleBooked++;
                problems.add("double booked: order " + sent.n() + " (" + sent.orderId() + ") has " + atCarriers.size() + " shipments");
            }
        }

        Map<String, Integer> copies = new TreeMap<>();
        for (JsonNode message : messages) {
            String key = message.path("to").asString() + "|" + message.path("template").asString() + "|"
                    + message.path("parameters").toString() + "|" + message.path("text").asString();
            copies.merge(key, 1, Integer::sum);
        }
        int duplicates = copies.values().stream().mapToInt(c -> c - 1).sum();
        copies.forEach((key, count) -> {
            if (count > 1) {
                problems.add("duplicate message x" + count + ": " + key);
            }
        });

        List<Recovery> recoveries = new ArrayList<>();
        for (Fault.Applied fault : applied) {
            recoveries.add(recovery(fault, accepted, bookedAt, messages));
        }
        double max = recoveries.stream().mapToDouble(Recovery::seconds).max().orElse(0);
        for (Recovery r : recoveries) {
            out.printf(Locale.ROOT, "chaos: recovery %-40s %6.1f s  %s%n", r.fault(), r.seconds(), r.detail());
        }
        problems.forEach(p -> out.println("chaos: " + p));
        return new Findings(options.minutes(), sender.results().size(), accepted.size(), delivered, failed, lost, stuck, doubleBooked,
                duplicates, max, recoveries, problems);
    }

    private static Recovery recovery(Fault.Applied fault, List<ChaosRun.OrderSender.Sent> accepted, Map<String, Instant> bookedAt,
            JsonNode messages) {
        Instant from = fault.measuredFrom();
        if (fault.detail() != null && fault.detail().startsWith("not applied")) {
            return new Recovery(fault.fault().describe(), Double.POSITIVE_INFINITY, fault.detail());
        }
        if (fault.fault().kind() == Fault.Kind.WHATSAPP_130429) {
            Instant next = null;
            for (JsonNode message : messages) {
                Instant at = Instant.parse(message.path("receivedAt").asString());
                if (!at.isBefore(from) && (next == null || at.isBefore(next))) {
                    next = at;
                }
            }
            return next == null ? new Recovery(fault.fault().describe(), 0, "no message was due after the burst")
                    : new Recovery(fault.fault().describe(), ChaosRun.seconds(from, next), "next message reached a buyer");
        }
        double waiting = 0;
        int waited = 0;
        ChaosRun.OrderSender.Sent firstAfter = null;
        for (ChaosRun.OrderSender.Sent sent : accepted) {
            Instant booked = bookedAt.get(sent.orderId());
            if (sent.acceptedAt().isBefore(from) && booked != null && booked.isAfter(from)) {
                waited++;
                waiting = Math.max(waiting, ChaosRun.seconds(from, booked));
            }
            if (!sent.sentAt().isBefore(from) && (firstAfter == null || sent.sentAt().isBefore(firstAfter.sentAt()))) {
                firstAfter = sent;
            }
        }
        double next = firstAfter == null || bookedAt.get(firstAfter.orderId()) == null ? 0
                : ChaosRun.seconds(from, bookedAt.get(firstAfter.orderId()));
        String detail = String.format(Locale.ROOT, "%d order(s) waiting were booked within %.1f s; the next order sent was booked %.1f s after",
                waited, waiting, next);
        if (fault.backAt() != null) {
            detail += String.format(Locale.ROOT, "; the replacement process was ready after %.1f s",
                    ChaosRun.seconds(fault.startedAt(), fault.backAt()));
        }
        return new Recovery(fault.fault().describe(), Math.max(waiting, next), detail);
    }

    /** Polls the API until every accepted order reached an end or {@code settle} is over; the last view of each. */
    private static Map<String, JsonNode> settle(Suite suite, List<ChaosRun.OrderSender.Sent> accepted, Duration settle, PrintStream out)
            throws Exception {
        Instant deadline = Instant.now().plus(settle);
        while (true) {
            Map<String, JsonNode> views = allOrders(suite);
            long open = accepted.stream().filter(s -> {
                JsonNode view = views.get(s.orderId());
                return view == null || !ENDS.contains(view.path("status").asString());
            }).count();
            if (open == 0 || Instant.now().isAfter(deadline)) {
                out.printf("chaos: %d accepted order(s) not at an end%s%n", open, open == 0 ? "" : " when the settling time ran out");
                return views;
            }
            Thread.sleep(5000);
        }
    }

    private static Map<String, JsonNode> allOrders(Suite suite) throws IOException, InterruptedException {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        String cursor = null;
        do {
            String path = "/api/orders?limit=100" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            var answer = suite.api("GET", path, null, Map.of());
            if (answer.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
            }
            JsonNode page = Suite.JSON.readTree(answer.body());
            for (JsonNode order : page.path("items")) {
                views.put(order.path("id").asString(), order);
            }
            cursor = page.path("nextCursor").isNull() || page.path("nextCursor").isMissingNode() ? null : page.path("nextCursor").asString();
        } while (cursor != null);
        return views;
    }

    private static Map<String, List<JsonNode>> shipmentsByOrder(Suite suite) throws IOException, InterruptedException {
        JsonNode all = Suite.JSON.readTree(suite.get(suite.sandbox() + "/sandbox/carriers/shipments").body()).path("shipments");
        Map<String, List<JsonNode>> byOrder = new HashMap<>();
        for (JsonNode shipment : all) {
            byOrder.computeIfAbsent(shipment.path("reference").asString(), k -> new ArrayList<>()).add(shipment);
        }
        return byOrder;
    }
}
