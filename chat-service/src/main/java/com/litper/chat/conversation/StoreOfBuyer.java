package com.litper.chat.conversation;

import com.litper.chat.config.StoreProperties;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which store a buyer's message belongs to (and a status of a message sent to them, when it is the
 * first news of it), docs/chat.md:
 * <ul>
 *   <li>a number of one store: that store;</li>
 *   <li>a number several stores share: the one of them with the buyer's most recent activity within
 *       {@code shared-number-window} — an event of one of their orders ({@code chat.buyer_order}), a
 *       message of theirs, or a message sent to them, whichever is latest; with none, the first store
 *       listed for the number.</li>
 * </ul>
 */
@Component
class StoreOfBuyer {

    private final JdbcClient jdbc;
    private final StoreProperties properties;
    private final Clock clock;

    StoreOfBuyer(JdbcClient jdbc, StoreProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** Throws {@link UnknownStoreException} when the number serves no store. */
    void requireStore(String phoneNumberId) {
        if (properties.storesOf(phoneNumberId).isEmpty()) {
            throw new UnknownStoreException(phoneNumberId);
        }
    }

    /** The store of a buyer writing to (or written to from) {@code phoneNumberId}. */
    UUID storeFor(String phoneNumberId, String buyerPhone) {
        List<UUID> stores = properties.storesOf(phoneNumberId);
        if (stores.isEmpty()) {
            throw new UnknownStoreException(phoneNumberId);
        }
        if (stores.size() == 1) {
            return stores.get(0);
        }
        Map<UUID, Instant> latest = latestActivity(stores, buyerPhone, clock.instant().minus(properties.sharedNumberWindow()));
        // Most recent first; on a tie, the store listed first.
        return stores.stream().filter(latest::containsKey)
                .max(Comparator.comparing((UUID store) -> latest.get(store)).thenComparing(store -> -stores.indexOf(store)))
                .orElse(stores.get(0));
    }

    /** Per store, the buyer's latest order event, message or message sent to them since {@code since}. */
    private Map<UUID, Instant> latestActivity(List<UUID> stores, String buyerPhone, Instant since) {
        Map<UUID, Instant> latest = new HashMap<>();
        jdbc.sql("""
                        SELECT store_id, max(at) AS at FROM (
                            SELECT store_id, last_event_at AS at FROM chat.buyer_order
                            WHERE buyer_phone = :phone AND store_id IN (:stores)
                            UNION ALL
                            SELECT store_id, last_inbound_at FROM chat.conversation
                            WHERE buyer_phone = :phone AND store_id IN (:stores)
                            UNION ALL
                            SELECT c.store_id, COALESCE(m.sent_at, m.status_at) FROM chat.message m
                            JOIN chat.conversation c ON c.id = m.conversation_id
                            WHERE c.buyer_phone = :phone AND c.store_id IN (:stores) AND m.direction = 'OUTBOUND'
                        ) activity
                        WHERE at >= :since
                        GROUP BY store_id""")
                .param("phone", buyerPhone).param("stores", stores).param("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .query((rs, n) -> latest.put(rs.getObject("store_id", UUID.class), rs.getObject("at", OffsetDateTime.class).toInstant()))
                .list();
        return latest;
    }
}
