package com.litper.api.order;

import com.litper.api.store.AuthenticatedStore;
import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.StorableTime;
import jakarta.validation.Valid;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A store's orders: create one (idempotently), read one, list them. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    /** Dates without a time are days in Colombia, where stores and buyers are. */
    static final ZoneId COLOMBIA = ZoneId.of("America/Bogota");

    private final OrderService orders;
    private final OrderQueries queries;
    private final OrderProperties properties;
    private final CarrierRegistry carriers;

    OrderController(OrderService orders, OrderQueries queries, OrderProperties properties, CarrierRegistry carriers) {
        this.orders = orders;
        this.queries = queries;
        this.properties = properties;
        this.carriers = carriers;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> create(AuthenticatedStore store, @Valid @RequestBody CreateOrderRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        OrderService.Created created = orders.create(store, request, idempotencyKey);
        // The body is sent as stored, so a replay answers byte for byte what the first request got.
        ResponseEntity.BodyBuilder response = ResponseEntity.status(created.status())
                .location(URI.create("/api/orders/" + created.orderId()))
                .contentType(MediaType.APPLICATION_JSON);
        if (created.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(created.body());
    }

    @GetMapping("/{id}")
    OrderDetails get(AuthenticatedStore store, @PathVariable UUID id) {
        return queries.find(store.id(), id).orElseThrow(() -> new ApiProblemException(HttpStatus.NOT_FOUND,
                "Your store has no order " + id + "."));
    }

    @GetMapping
    OrderQueries.Page list(AuthenticatedStore store,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String carrier,
            @RequestParam(required = false) String createdFrom,
            @RequestParam(required = false) String createdTo,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int pageSize = limit == null ? properties.defaultPageSize() : limit;
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw badRequest("Parameter 'limit' must be between 1 and " + properties.maxPageSize() + ", was " + pageSize + ".");
        }
        OrderQueries.Filter filter = new OrderQueries.Filter(status(status), carrier(carrier),
                instant("createdFrom", createdFrom, false), instant("createdTo", createdTo, true));
        OrderCursor after = cursor == null || cursor.isBlank() ? null : OrderCursor.decode(cursor);
        return queries.list(store.id(), filter, after, pageSize);
    }

    private static OrderStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return OrderStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw badRequest("Parameter 'status' must be one of " + Arrays.toString(OrderStatus.values()) + ", was '" + status + "'.");
        }
    }

    private String carrier(String carrier) {
        if (carrier == null || carrier.isBlank()) {
            return null;
        }
        String wanted = carrier.strip().toLowerCase(Locale.ROOT);
        if (carriers.carrier(wanted).isEmpty()) {
            throw badRequest("Parameter 'carrier' must be one of " + carriers.codes() + ", was '" + carrier + "'.");
        }
        return wanted;
    }

    /**
     * A date (a whole day in Colombia; {@code createdTo} includes that day) or a date-time with an
     * offset; for {@code createdTo} the returned instant is exclusive.
     */
    private static Instant instant(String name, String value, boolean endOfRange) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                instant = (endOfRange ? day.plusDays(1) : day).atStartOfDay(COLOMBIA).toInstant();
            } else {
                // A date-time bound is inclusive for both ends, so the exclusive bound is one microsecond later.
                instant = OffsetDateTime.parse(value).toInstant().plusNanos(endOfRange ? 1_000 : 0);
            }
        } catch (DateTimeException | ArithmeticException e) {
            instant = null;
        }
        if (instant == null || !StorableTime.contains(instant)) {
            throw badRequest("Parameter '" + name + "' must be a date (2026-11-25) or a date-time with offset"
                    + " (2026-11-25T08:00:00-05:00) in the years 1 to 9999, was '" + value + "'.");
        }
        return instant;
    }

    private static ApiProblemException badRequest(String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, detail);
    }
}
