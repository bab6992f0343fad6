package com.litper.worker.order;

import com.litper.common.carrier.PublishedCarrierChoice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link CarrierChoice} keeps in and reads from Redis: the carrier choices analytics-service
 * publishes per store and route ({@link PublishedCarrierChoice}), and each order's pinned carrier.
 * Every method lets Redis' {@code DataAccessException} through: the caller decides what an
 * unreachable Redis means for the order.
 */
@Component
class CarrierChoiceStore {

    private static final Logger log = LoggerFactory.getLogger(CarrierChoiceStore.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;

    CarrierChoiceStore(StringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** STRING {@code litper:carrier-pin:<orderId>}: the carrier an order's booking uses, set once, with a TTL. */
    static String pinKey(UUID orderId) {
        return "litper:carrier-pin:" + orderId;
    }

    /** The carrier pinned for the order, if one is. */
    Optional<String> pinned(UUID orderId) {
        return Optional.ofNullable(redis.opsForValue().get(pinKey(orderId)));
    }

    /**
     * Pins {@code carrier} for the order unless a carrier is pinned already (SET NX); returns the pinned
     * carrier, which is the other one when a concurrent delivery pinned first.
     */
    String pin(UUID orderId, String carrier, Duration ttl) {
        Boolean set = redis.opsForValue().setIfAbsent(pinKey(orderId), carrier, ttl);
        if (Boolean.TRUE.equals(set)) {
            return carrier;
        }
        String existing = redis.opsForValue().get(pinKey(orderId));
        return existing != null ? existing : carrier;
    }

    /** Replaces the order's pin: only when the pinned carrier was disabled since and the order is chosen afresh. */
    void repin(UUID orderId, String carrier, Duration ttl) {
        redis.opsForValue().set(pinKey(orderId), carrier, ttl);
    }

    /**
     * The published carriers for the store, in the order to try them: each route field in {@code routes}
     * (exact first), then the store's fallback. Fields that are absent or unreadable are left out.
     */
    List<Published> published(UUID storeId, List<String> routes) {
        List<Object> fields = new ArrayList<>(routes);
        fields.add(PublishedCarrierChoice.FALLBACK_FIELD);
        List<Object> values = redis.opsForHash().multiGet(PublishedCarrierChoice.key(storeId), fields);
        List<Published> found = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Object value = values == null ? null : values.get(i);
            if (value == null) {
                continue;
            }
            try {
                String carrier = json.readTree(value.toString()).path("carrier").asString("");
                if (!carrier.isBlank()) {
                    found.add(new Published(fields.get(i).toString(), carrier));
                }
            } catch (JacksonException e) {
                log.warn("Ignoring the unreadable carrier choice {} of store {}", fields.get(i), storeId);
            }
        }
        return found;
    }

    /** One published choice: the hash field it came from and its carrier. */
    record Published(String field, String carrier) {
    }
}
