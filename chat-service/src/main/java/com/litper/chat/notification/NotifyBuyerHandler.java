package com.litper.chat.notification;

import com.litper.chat.config.NotificationProperties;
import com.litper.common.contracts.NotifyBuyer;
import com.litper.common.contracts.SendWhatsapp;
import com.litper.common.outbox.Outbox;
import com.litper.common.queue.Task;
import com.litper.common.task.ContractHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides what a buyer is told about their order ({@code notify_buyer}, from worker-service's booking
 * and tracking-service's status changes) and hands the message to worker-service as a
 * {@code send_whatsapp} (docs/chat.md, "What a buyer is told about their order").
 *
 * <p>In one transaction: the order's link to its store and buyer ({@code chat.buyer_order}, which
 * also says where the buyer's next message belongs), the decision ({@link BuyerMessage#isNewsAfter}:
 * each event of an order once, nothing older than what was told, nothing after the delivery), the
 * record of it ({@code chat.buyer_notification}) and the {@code send_whatsapp} in chat's outbox. The
 * order's row is locked first, so one order's events are decided one at a time, and their messages
 * reach worker-service's queue in the order they were decided. Idempotent: a repeated task finds its
 * event told and writes nothing.
 */
@Component
class NotifyBuyerHandler implements ContractHandler<NotifyBuyer> {

    private static final Logger log = LoggerFactory.getLogger(NotifyBuyerHandler.class);

    /** WhatsApp's customer service window: free-form messages only within 24 hours of the buyer's last message. */
    static final Duration SERVICE_WINDOW = Duration.ofHours(24);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final NotificationProperties properties;
    private final Clock clock;

    NotifyBuyerHandler(JdbcClient jdbc, TransactionTemplate transactions, Outbox outbox, NotificationProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Class<NotifyBuyer> contract() {
        return NotifyBuyer.class;
    }

    @Override
    public void handle(NotifyBuyer news, Task task) {
        BuyerMessage message = BuyerMessage.of(news.event());
        Optional<SendWhatsapp> sent = transactions.execute(tx -> decide(news, message));
        if (sent.isPresent()) {
            log.atInfo().addKeyValue("order.id", news.orderId()).addKeyValue("store.id", news.storeId())
                    .addKeyValue("whatsapp.kind", Boolean.TRUE.equals(sent.get().sessionOpen()) ? "text" : "template:" + message.template())
                    .log("Buyer of order {} is told {}", news.orderId(), news.event());
        } else {
            log.atInfo().addKeyValue("order.id", news.orderId())
                    .log("Buyer of order {} is not told {} again: already told, or older than what was told", news.orderId(), news.event());
        }
    }

    private Optional<SendWhatsapp> decide(NotifyBuyer news, BuyerMessage message) {
        link(news);
        Set<BuyerMessage> told = EnumSet.noneOf(BuyerMessage.class);
        jdbc.sql("SELECT event FROM chat.buyer_notification WHERE order_id = :order").param("order", news.orderId())
                .query(String.class).list().forEach(event -> told.add(BuyerMessage.valueOf(event)));
        if (!message.isNewsAfter(told)) {
            return Optional.empty();
        }
        boolean sessionOpen = insideServiceWindow(news);
        jdbc.sql("""
                        INSERT INTO chat.buyer_notification (order_id, event, occurred_at, free_text)
                        VALUES (:order, :event, :occurredAt, :freeText)""")
                .param("order", news.orderId()).param("event", message.name()).param("occurredAt", utc(news.occurredAt()))
                .param("freeText", sessionOpen)
                .update();
        SendWhatsapp send = new SendWhatsapp(news.buyerPhone(), message.template(), BuyerMessage.LANGUAGE, message.parameters(news),
                message.text(news), news.orderId().toString(), news.shipmentId() == null ? null : news.shipmentId().toString(),
                message.name(), sessionOpen, news.storeId());
        outbox.add(send);
        return Optional.of(send);
    }

    /**
     * Records that the buyer bought this order from this store, with the time of its latest event.
     * The row lock this takes (a new row's, or the existing one's) is held until the commit.
     */
    private void link(NotifyBuyer news) {
        jdbc.sql("""
                        INSERT INTO chat.buyer_order (order_id, store_id, buyer_phone, last_event_at, last_event, last_reason,
                            tracking_number, carrier_name)
                        VALUES (:order, :store, :phone, :at, :event, :reason, :guide, :carrier)
                        ON CONFLICT (order_id) DO UPDATE SET
                            -- The newest event describes the order; a late older one changes nothing but the guide if unknown.
                            last_event = CASE WHEN EXCLUDED.last_event_at >= buyer_order.last_event_at OR buyer_order.last_event IS NULL
                                THEN EXCLUDED.last_event ELSE buyer_order.last_event END,
                            last_reason = CASE WHEN EXCLUDED.last_event_at >= buyer_order.last_event_at OR buyer_order.last_event IS NULL
                                THEN EXCLUDED.last_reason ELSE buyer_order.last_reason END,
                            tracking_number = COALESCE(EXCLUDED.tracking_number, buyer_order.tracking_number),
                            carrier_name = COALESCE(EXCLUDED.carrier_name, buyer_order.carrier_name),
                            last_event_at = GREATEST(buyer_order.last_event_at, EXCLUDED.last_event_at)""")
                .param("order", news.orderId()).param("store", news.storeId()).param("phone", news.buyerPhone())
                .param("at", utc(news.occurredAt())).param("event", news.event().name())
                .param("reason", news.reason(), java.sql.Types.VARCHAR)
                .param("guide", news.trackingNumber()).param("carrier", news.carrierName())
                .update();
    }

    /**
     * Whether the buyer wrote to the store recently enough for free text: within WhatsApp's 24 hours,
     * with {@code session-margin} to spare for the time the message may wait in worker-service.
     */
    private boolean insideServiceWindow(NotifyBuyer news) {
        Optional<OffsetDateTime> lastInbound = jdbc.sql("""
                        SELECT last_inbound_at FROM chat.conversation
                        WHERE store_id = :store AND buyer_phone = :phone AND last_inbound_at IS NOT NULL""")
                .param("store", news.storeId()).param("phone", news.buyerPhone())
                .query(OffsetDateTime.class).optional();
        Instant now = clock.instant();
        return lastInbound.map(at -> at.toInstant().plus(SERVICE_WINDOW).minus(properties.sessionMargin()).isAfter(now)).orElse(false);
    }

    private static OffsetDateTime utc(Instant time) {
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }
}
