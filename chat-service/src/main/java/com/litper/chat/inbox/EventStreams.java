package com.litper.chat.inbox;

import com.litper.chat.config.EventsProperties;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StringRecord;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves a store's inbox events ({@link InboxEvents}) as Server-Sent Events, from the store's Redis
 * stream, so a client hears every replica's changes and resumes exactly where it left off: the SSE id
 * is the stream entry's id, and a reconnecting client's {@code Last-Event-ID} is where reading resumes.
 *
 * <p>Each open stream runs its own short blocking read loop ({@code XREAD BLOCK} from its last id) on
 * a bounded pool, holding one Redis connection. Chosen over one shared poller per replica because
 * resuming is then exact without any fan-out bookkeeping (no race between catching up from
 * {@code Last-Event-ID} and joining a live feed), each read names one key (fine on Redis Cluster,
 * where a poller's multi-key read would need every store on one slot), and a store's agents are a
 * handful of open tabs. The price, a thread and a connection per open stream, is capped by
 * {@code litper.chat.events.max-streams} per replica; beyond it a new stream is refused with 503.
 */
@Component
class EventStreams implements SmartLifecycle {

    /** The SSE event a stream starts with; its id is where the stream starts reading. */
    static final String READY = "ready";
    /** Events may have been missed (the client's position is no longer in the stream): reload the inbox. */
    static final String RESET = "reset";

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
    private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}-\\d{1,20}");

    private final RedisConnectionFactory connections;
    private final EventsProperties properties;
    private final ThreadPoolExecutor readers;
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    EventStreams(RedisConnectionFactory connections, EventsProperties properties) {
        this.connections = connections;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        // No queue: a stream either gets a reader now or is refused, never waits unanswered.
        this.readers = new ThreadPoolExecutor(0, properties.maxStreams(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "chat-events-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A stream of the store's events from {@code lastEventId} (null: from now on). */
    SseEmitter open(UUID storeId, String lastEventId) {
        if (!running) {
            throw unavailable("This replica is shutting down; reconnect.");
        }
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Subscription subscription = new Subscription(storeId, emitter, lastEventId);
        emitter.onCompletion(subscription::close);
        // Completing at the timeout ends the response normally (no AsyncRequestTimeoutException on a committed response).
        emitter.onTimeout(() -> {
            subscription.close();
            emitter.complete();
        });
        emitter.onError(e -> subscription.close());
        try {
            readers.execute(subscription);
        } catch (RejectedExecutionException e) {
            throw unavailable("This replica serves " + properties.maxStreams() + " event streams already; reconnect in a moment.");
        }
        return emitter;
    }

    /** Open streams on this replica. */
    int openStreams() {
        return open.size();
    }

    private ApiProblemException unavailable(String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Service temporarily unavailable");
        return new ApiProblemException(problem, Map.of(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, properties.reconnect().toSeconds()))));
    }

    /** One client's stream: reads the store's Redis stream from its position and sends each entry. */
    private final class Subscription implements Runnable {

        private final UUID storeId;
        private final SseEmitter emitter;
        private final String lastEventId;
        private volatile boolean closed;

        Subscription(UUID storeId, SseEmitter emitter, String lastEventId) {
            this.storeId = storeId;
            this.emitter = emitter;
            this.lastEventId = lastEventId == null || lastEventId.isBlank() ? null : lastEventId.strip();
        }

        void close() {
            closed = true;
        }

        @Override
        public void run() {
            open.add(this);
            String key = ChatKeys.events(storeId);
            try (StringRedisConnection redis = new DefaultStringRedisConnection(connections.getConnection())) {
                String position = start(redis, key);
                long quietSince = System.nanoTime();
                StreamReadOptions read = StreamReadOptions.empty().block(properties.block()).count(100);
                while (running && !closed) {
                    List<StringRecord> records = redis.xReadAsString(read, StreamOffset.create(key, ReadOffset.from(position)));
                    if (records != null && !records.isEmpty()) {
                        for (StringRecord record : records) {
                            position = record.getId().getValue();
                            emitter.send(SseEmitter.event().id(position).name(record.getValue().get("type"))
                                    .data(record.getValue().get("data"), MediaType.APPLICATION_JSON));
                        }
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince >= properties.heartbeat().toNanos()) {
                        emitter.send(SseEmitter.event().comment("keep-alive"));
                        quietSince = System.nanoTime();
                    }
                }
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                // The client went away (or the stream timed out): nothing to tell anyone.
                log.debug("Inbox event stream of store {} ended: {}", storeId, e.getMessage());
            } catch (DataAccessException e) {
                // Redis is unreachable: end the stream; the client reconnects after `retry` and resumes.
                log.warn("Inbox event stream of store {} ended, Redis failed: {}", storeId, e.getMessage());
                emitter.complete();
            } catch (RuntimeException e) {
                log.error("Inbox event stream of store {} failed", storeId, e);
                emitter.completeWithError(e);
            } finally {
                open.remove(this);
            }
        }

        /**
         * Sends the {@code ready} event and answers the position to read after: the client's
         * {@code Last-Event-ID} when the stream still holds everything after it, else the stream's
         * newest entry (from now on), after a {@code reset} when the client may have missed events.
         */
        private String start(StringRedisConnection redis, String key) throws IOException {
            String newest = newest(redis, key);
            String position = newest;
            boolean reset = false;
            if (lastEventId != null) {
                if (STREAM_ID.matcher(lastEventId).matches() && complete(redis, key, lastEventId)) {
                    position = lastEventId;
                } else {
                    reset = true;
                }
            }
            emitter.send(SseEmitter.event().reconnectTime(properties.reconnect().toMillis()).id(position).name(READY)
                    .data(Map.of("resumed", lastEventId != null && !reset), MediaType.APPLICATION_JSON));
            if (reset) {
                emitter.send(SseEmitter.event().id(position).name(RESET)
                        .data(Map.of("reason", "Events since " + lastEventId + " are no longer kept; reload the conversations."),
                                MediaType.APPLICATION_JSON));
            }
            return position;
        }

        /** The id of the stream's newest entry, or {@code 0-0} for an empty stream. */
        private String newest(StringRedisConnection redis, String key) {
            List<StringRecord> last = redis.xRevRange(key, Range.unbounded(), Limit.limit().count(1));
            return last == null || last.isEmpty() ? "0-0" : last.get(0).getId().getValue();
        }

        /**
         * Whether the stream still holds every entry after {@code id}: {@code id} itself is still there,
         * or it is older than nothing the stream ever trimmed (no entry at all, or the oldest entry is
         * no newer than it).
         */
        private boolean complete(StringRedisConnection redis, String key, String id) {
            if ("0-0".equals(id)) {
                return true;
            }
            List<StringRecord> itself = redis.xRange(key, Range.closed(id, id), Limit.limit().count(1));
            if (itself != null && !itself.isEmpty()) {
                return true;
            }
            List<StringRecord> oldest = redis.xRange(key, Range.unbounded(), Limit.limit().count(1));
            return oldest != null && !oldest.isEmpty() && compare(oldest.get(0).getId().getValue(), id) <= 0;
        }
    }

    /** Orders stream ids ({@code <millis>-<sequence>}). */
    static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byTime = Long.compare(Long.parseUnsignedLong(x[0]), Long.parseUnsignedLong(y[0]));
        return byTime != 0 ? byTime : Long.compare(Long.parseUnsignedLong(x[1]), Long.parseUnsignedLong(y[1]));
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every open stream before the web server's graceful shutdown, which would otherwise wait for them. */
    @Override
    public void stop() {
        running = false;
        open.forEach(subscription -> {
            subscription.close();
            try {
                subscription.emitter.complete();
            } catch (RuntimeException e) {
                log.debug("Closing an inbox event stream: {}", e.getMessage());
            }
        });
        readers.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server (whose graceful shutdown has a lower phase). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
