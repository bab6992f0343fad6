package com.litper.agents.run;

import com.litper.common.contracts.InboundMessage;
import com.litper.common.security.LitperPrincipal;
import com.litper.common.web.ApiProblemException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /agents/try-it} (owners and support agents): a message to the store's agent from a
 * sample buyer, answered synchronously ({@link TryIt}). Without {@code conversationId} it starts a
 * try-it conversation; with one it continues it (the agent remembers the earlier turns).
 */
@RestController
class TryItController {

    static final int MAX_MESSAGE = 4096;
    private static final List<String> EVENTS = List.of("SHIPPED", "OUT_FOR_DELIVERY", "EXCEPTION", "DELIVERED");

    private final TryIt tryIt;

    TryItController(TryIt tryIt) {
        this.tryIt = tryIt;
    }

    record TryItRequest(String message, UUID conversationId, Buyer buyer) {
    }

    record Buyer(String name, List<Order> orders) {
    }

    record Order(String trackingNumber, String carrierName, String lastEvent, String reason, String lastEventAt) {
    }

    @PostMapping("/agents/try-it")
    TryIt.Answer post(@AuthenticationPrincipal LitperPrincipal caller, @RequestBody TryItRequest request) throws InterruptedException {
        UUID store = caller.requireStore();
        if (request == null || request.message() == null || request.message().isBlank()) {
            throw bad("'message' is required: what the buyer writes to the agent.");
        }
        if (request.message().length() > MAX_MESSAGE) {
            throw bad("'message' may hold at most " + MAX_MESSAGE + " characters, not " + request.message().length() + ".");
        }
        TryIt.SampleBuyer buyer = buyer(request.buyer());
        UUID conversation = request.conversationId();
        if (conversation == null) {
            conversation = UUID.randomUUID();
        } else if (!tryIt.isTryItConversation(store, conversation)) {
            throw new ApiProblemException(HttpStatus.NOT_FOUND, "This store has no try-it conversation " + conversation
                    + "; leave 'conversationId' out to start one.");
        }
        return tryIt.answer(store, conversation, request.message(), buyer);
    }

    static TryIt.SampleBuyer buyer(Buyer buyer) {
        if (buyer == null) {
            return new TryIt.SampleBuyer("Cliente de prueba", List.of());
        }
        List<String> problems = new ArrayList<>();
        String name = buyer.name() == null || buyer.name().isBlank() ? "Cliente de prueba" : buyer.name().strip();
        if (name.length() > 100) {
            problems.add("'buyer.name' may hold at most 100 characters");
        }
        List<Order> given = buyer.orders() == null ? List.of() : buyer.orders();
        if (given.size() > InboundMessage.MAX_ORDERS) {
            problems.add("'buyer.orders' may hold at most " + InboundMessage.MAX_ORDERS + " orders, as a buyer's message carries");
        }
        List<InboundMessage.Order> orders = new ArrayList<>();
        for (int i = 0; i < given.size() && i < InboundMessage.MAX_ORDERS; i++) {
            Order order = given.get(i);
            String at = "'buyer.orders[" + i + "]";
            if (order == null) {
                problems.add(at + "' is null");
                continue;
            }
            if (order.lastEvent() == null || !EVENTS.contains(order.lastEvent())) {
                problems.add(at + ".lastEvent' must be one of " + EVENTS);
            }
            for (String[] field : new String[][] {{"trackingNumber", order.trackingNumber()}, {"carrierName", order.carrierName()},
                    {"reason", order.reason()}}) {
                if (field[1] != null && field[1].length() > 200) {
                    problems.add(at + "." + field[0] + "' may hold at most 200 characters");
                }
            }
            Instant lastEventAt = Instant.now();
            if (order.lastEventAt() != null) {
                try {
                    lastEventAt = Instant.parse(order.lastEventAt());
                } catch (DateTimeParseException e) {
                    problems.add(at + ".lastEventAt' must be an ISO-8601 instant (e.g. 2026-11-27T15:00:00Z)");
                }
            }
            orders.add(new InboundMessage.Order(UUID.randomUUID(), order.lastEvent(), order.reason(), order.trackingNumber(),
                    order.carrierName(), lastEventAt));
        }
        if (!problems.isEmpty()) {
            throw bad(String.join("; ", problems) + ".");
        }
        return new TryIt.SampleBuyer(name, orders);
    }

    private static ApiProblemException bad(String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, detail);
    }
}
