package com.litper.chat.notification;

import com.litper.common.contracts.NotifyBuyer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The message a buyer reads about each event of their order: an approved template (WhatsApp accepts
 * business-initiated messages outside the 24-hour window only as templates) and the same words as
 * Spanish free text for inside the window. The templates' parameters are, in order: the buyer's first
 * name, the guide number, the carrier's name, and for a novedad its reason.
 */
enum BuyerMessage {
    SHIPPED("order_shipped", 1),
    OUT_FOR_DELIVERY("order_out_for_delivery", 2),
    /** A novedad: no step of its own, it can come between any two. */
    EXCEPTION("order_exception", 0),
    DELIVERED("order_delivered", 3);

    /** The language of every template. */
    static final String LANGUAGE = "es";

    /** A template parameter may not be blank: a buyer without a name is greeted as this. */
    static final String NO_NAME = "cliente";

    private final String template;
    private final int step;

    BuyerMessage(String template, int step) {
        this.template = template;
        this.step = step;
    }

    static BuyerMessage of(NotifyBuyer.Event event) {
        return valueOf(event.name());
    }

    String template() {
        return template;
    }

    /**
     * Whether this event still tells the buyer something, given the events already told for the
     * order: each is told once, nothing after the delivery, and never an earlier step after a later
     * one (a booking's "shipped" that arrives after "out for delivery" is old news).
     */
    boolean isNewsAfter(Set<BuyerMessage> told) {
        if (told.contains(this) || told.contains(DELIVERED)) {
            return false;
        }
        return step == 0 || told.stream().noneMatch(earlier -> earlier.step > step);
    }

    /** The template's body parameters, in its order. */
    List<String> parameters(NotifyBuyer news) {
        String name = firstName(news);
        List<String> parameters = new ArrayList<>(List.of(name == null ? NO_NAME : name, news.trackingNumber(), news.carrierName()));
        if (this == EXCEPTION) {
            parameters.add(news.reason());
        }
        return parameters;
    }

    /** The message as plain Spanish text, for a buyer inside the 24-hour service window. */
    String text(NotifyBuyer news) {
        String name = firstName(news);
        String hello = name == null ? "Hola" : "Hola " + name;
        String guide = news.trackingNumber();
        String carrier = news.carrierName();
        return switch (this) {
            case SHIPPED -> hello + ", tu pedido ya fue despachado con " + carrier + ". Tu número de guía es " + guide + ".";
            case OUT_FOR_DELIVERY -> hello + ", tu pedido con guía " + guide + " de " + carrier + " va en camino y llega hoy a tu dirección.";
            case EXCEPTION -> hello + ", tu pedido con guía " + guide + " de " + carrier + " tiene una novedad: " + news.reason()
                    + ". Te contactaremos para resolverla.";
            case DELIVERED -> hello + ", tu pedido con guía " + guide + " de " + carrier + " fue entregado. ¡Gracias por tu compra!";
        };
    }

    private static String firstName(NotifyBuyer news) {
        String name = news.buyerFirstName();
        return name == null || name.isBlank() ? null : name.strip();
    }
}
