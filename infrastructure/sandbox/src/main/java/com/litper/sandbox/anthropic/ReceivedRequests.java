package com.litper.sandbox.anthropic;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the Messages API sandbox received, for developers and tests: the latest requests with what
 * was answered, and how many were being answered at once (now, and the most ever since the last
 * reset): the figure that shows whether callers keep their cap on concurrent model calls.
 */
final class ReceivedRequests {

    /**
     * One request as the developer list shows it.
     *
     * @param id the answer's {@code request-id}
     * @param receivedAt when it arrived
     * @param model the model asked for
     * @param messages how many messages it carried
     * @param lastUserText the text of the last user turn (buyer messages, as the caller wrote them), or null
     * @param toolResults the tool results it carried in its last user turn
     * @param tools the names of the tools it offered
     * @param status the HTTP status answered
     * @param answer {@code end_turn}, {@code tool_use} or the error type
     */
    record Received(String id, Instant receivedAt, String model, int messages, String lastUserText, List<String> toolResults,
            List<String> tools, int status, String answer) {
    }

    private final int kept;
    private final Deque<Received> requests = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger highWater = new AtomicInteger();

    ReceivedRequests(int kept) {
        this.kept = kept;
    }

    /** A request started; answers how many are in flight now, this one included. */
    int started() {
        int now = inFlight.incrementAndGet();
        highWater.accumulateAndGet(now, Math::max);
        return now;
    }

    void finished() {
        inFlight.decrementAndGet();
    }

    synchronized void record(Received received) {
        requests.addLast(received);
        while (requests.size() > kept) {
            requests.removeFirst();
        }
    }

    synchronized Map<String, Object> describe() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("inFlight", inFlight.get());
        view.put("highWater", highWater.get());
        view.put("requests", List.copyOf(requests));
        return view;
    }

    /** Forgets the requests and the high-water mark (the requests in flight stay counted). */
    synchronized void reset() {
        requests.clear();
        highWater.set(inFlight.get());
    }
}
