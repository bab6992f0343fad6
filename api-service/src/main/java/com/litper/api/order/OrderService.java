package com.litper.api.order;

import com.litper.api.dane.Divipola;
import com.litper.api.store.AuthenticatedStore;
import com.litper.common.carrier.CarrierRegistry;
import com.litper.common.contracts.OrderPlaced;
import com.litper.common.contracts.ProcessOrder;
import com.litper.common.outbox.Outbox;
import com.litper.common.web.ApiProblemException;
import com.litper.common.web.Problems;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts orders: checks what Bean Validation cannot (the DANE places, the carrier), then stores the
 * order, its idempotency key and its {@code process_order} and {@code order_placed} tasks in one
 * statement (one database round trip, one transaction): under load the round trips, not the
 * inserts, were what a request waited for.
 */
@Component
class OrderService {

    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** What the items of one order may add up to: the most one amount may be, so every total fits a long and the columns. */
    static final BigInteger MAX_TOTAL = new BigInteger(CreateOrderRequest.MAX_PESOS);
    /** Suffix of the order_placed row's parameters in the order's statement. */
    private static final String PLACED = "Placed";
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1," + MAX_IDEMPOTENCY_KEY_LENGTH + "}");

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final Divipola divipola;
    private final CarrierRegistry carriers;
    private final JsonMapper json;
    private final Clock clock;
    private final String createOrder;
    private final String createOrderWithKey;

    OrderService(JdbcClient jdbc, Outbox outbox, Divipola divipola, CarrierRegistry carriers,
            JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        // Its process_order task, written when the order was: the tail of both statements.
        // And its order_placed task for analytics, in a CTE of its own (PostgreSQL runs every data-modifying CTE).
        String taskOfOrderRow = ", task AS (" + outbox.insertFrom() + "order_row RETURNING id), placed AS (" + outbox.insertFrom(PLACED)
                + "order_row RETURNING id) SELECT count(*) FROM task";
        this.createOrder = CREATE_ORDER + taskOfOrderRow;
        this.createOrderWithKey = CREATE_ORDER_WITH_KEY + taskOfOrderRow;
        this.divipola = divipola;
        this.carriers = carriers;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The response to a POST: the one just made, or the one stored for the idempotency key.
     *
     * @param orderId the order the response describes
     * @param status HTTP status
     * @param body JSON body, byte for byte what the first request received
     * @param replayed whether it was stored by an earlier request with the same key
     */
    record Created(UUID orderId, int status, String body, boolean replayed) {
    }

    Created create(AuthenticatedStore store, CreateOrderRequest request, String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new ApiProblemException(HttpStatus.BAD_REQUEST, "The Idempotency-Key header must be 1 to "
                    + MAX_IDEMPOTENCY_KEY_LENGTH + " visible ASCII characters, e.g. a UUID.");
        }
        OrderView order = validate(request);
        // The shape of GET /api/orders/{id}, so the 201 equals a later read of the new order.
        String body = json.writeValueAsString(new OrderDetails(order, List.of(), List.of()));
        byte[] requestHash = idempotencyKey == null ? null : sha256(json.writeValueAsBytes(canonical(request)));
        Outbox.Row task = outbox.row(processOrder(store, order));
        Map<String, Object> parameters = orderParameters(store, order);
        parameters.putAll(task.parameters());
        parameters.putAll(outbox.row(orderPlaced(store, order)).parameters(PLACED));
        String sql = createOrder;
        if (idempotencyKey != null) {
            sql = createOrderWithKey;
            parameters.put("key", idempotencyKey);
            parameters.put("hash", requestHash);
            parameters.put("body", body);
        }
        // One statement, one round trip, one transaction of its own: the key, the order and its
        // process_order task are stored together or not at all.
        long written = jdbc.sql(sql).params(parameters).query(Long.class).single();
        if (written == 0) {
            return replay(store, idempotencyKey, requestHash);
        }
        outbox.written();
        return new Created(order.id(), 201, body, false);
    }

    private Created replay(AuthenticatedStore store, String idempotencyKey, byte[] requestHash) {
        record Stored(byte[] hash, UUID orderId, int status, String body) {
        }
        Stored stored = jdbc.sql("""
                        SELECT request_hash, order_id, response_status, response_body FROM api.idempotency_key
                        WHERE store_id = :store AND idempotency_key = :key""")
                .param("store", store.id()).param("key", idempotencyKey)
                .query((rs, n) -> new Stored(rs.getBytes(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4)))
                .single();
        if (!MessageDigest.isEqual(stored.hash(), requestHash)) {
            ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "The Idempotency-Key '" + idempotencyKey
                    + "' was already used with a different request body (order " + stored.orderId()
                    + "). Use a new key for a new order, or resend the original body.");
            problem.setTitle("Idempotency key reused");
            throw new ApiProblemException(problem, Map.of());
        }
        return new Created(stored.orderId(), stored.status(), stored.body(), true);
    }

    private static final String CLAIM_KEY = """
            INSERT INTO api.idempotency_key (store_id, idempotency_key, request_hash, order_id, response_status, response_body)
            VALUES (:store, :key, :hash, :id, 201, :body) ON CONFLICT DO NOTHING RETURNING order_id""";

    private static final String INSERT_ORDER = """
            INSERT INTO api.orders (id, store_id, status, buyer_name, buyer_phone, address, municipality_code, municipality,
                department_code, department, items, declared_value, cash_on_delivery, preferred_carrier, created_at,
                origin_municipality_code)""";

    private static final String ORDER_VALUES = """
            :id, :store, :status, :buyerName, :buyerPhone, :address, :municipalityCode, :municipality,
                :departmentCode, :department, CAST(:items AS jsonb), :declaredValue, :cashOnDelivery, :carrier, :createdAt,
                :originMunicipalityCode""";

    private static final String CREATE_ORDER = "WITH order_row AS (" + INSERT_ORDER + " VALUES (" + ORDER_VALUES + ") RETURNING id)";

    /**
     * The key is claimed first: a concurrent request with the same key waits on it until this
     * statement commits, then claims nothing (no order, no task) and finds the stored response.
     */
    private static final String CREATE_ORDER_WITH_KEY = "WITH claimed AS (" + CLAIM_KEY + "), order_row AS (" + INSERT_ORDER
            + " SELECT " + ORDER_VALUES + " FROM claimed RETURNING id)";

    /** The order's process_order task: everything the worker needs to book it, so it never reads this schema. */
    private static ProcessOrder processOrder(AuthenticatedStore store, OrderView order) {
        OrderView.Destination to = order.destination();
        return new ProcessOrder(order.id(), store.id(), store.name(),
                new ProcessOrder.Buyer(order.buyer().name(), order.buyer().phone()),
                new ProcessOrder.Destination(to.address(), to.municipalityCode(), to.city(), to.departmentCode(), to.department()),
                order.items().stream().map(item -> new ProcessOrder.Item(item.sku(), item.name(), item.quantity(), item.unitPrice())).toList(),
                order.declaredValue(), order.cashOnDelivery(), order.preferredCarrier(), order.createdAt(), originCode(order));
    }

    /** The order's order_placed task: its route and money, for analytics-service. */
    private static OrderPlaced orderPlaced(AuthenticatedStore store, OrderView order) {
        return new OrderPlaced(order.id(), store.id(), originCode(order), order.destination().municipalityCode(),
                order.destination().departmentCode(), order.cashOnDelivery(), order.declaredValue(), order.createdAt());
    }

    private static String originCode(OrderView order) {
        return order.origin() == null ? null : order.origin().municipalityCode();
    }

    private Map<String, Object> orderParameters(AuthenticatedStore store, OrderView order) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("id", order.id());
        parameters.put("store", store.id());
        parameters.put("status", order.status().name());
        parameters.put("buyerName", order.buyer().name());
        parameters.put("buyerPhone", order.buyer().phone());
        parameters.put("address", order.destination().address());
        parameters.put("municipalityCode", order.destination().municipalityCode());
        parameters.put("municipality", order.destination().city());
        parameters.put("departmentCode", order.destination().departmentCode());
        parameters.put("department", order.destination().department());
        parameters.put("items", json.writeValueAsString(order.items()));
        parameters.put("declaredValue", order.declaredValue());
        parameters.put("cashOnDelivery", order.cashOnDelivery());
        parameters.put("carrier", order.preferredCarrier());
        parameters.put("createdAt", OffsetDateTime.ofInstant(order.createdAt(), ZoneOffset.UTC));
        parameters.put("originMunicipalityCode", originCode(order));
        return parameters;
    }

    /**
     * The order to store, or a 400 listing every field that is wrong. The request's own rules
     * (required fields, sizes, phone, whole pesos) were checked by Bean Validation before this;
     * what is left needs the DANE list and the configured carriers.
     */
    private OrderView validate(CreateOrderRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        Divipola.Lookup place = divipola.resolve(request.destination().city(), request.destination().department());
        if (!place.isFound()) {
            errors.add(error("destination." + place.field(), place.problem()));
        }
        OrderView.Origin origin = null;
        if (request.origin() != null) {
            Divipola.Lookup from = divipola.resolve(request.origin().municipalityCode(), null);
            if (from.isFound()) {
                origin = new OrderView.Origin(from.municipality().code());
            } else {
                errors.add(error("origin.municipalityCode", from.problem()));
            }
        }
        String carrier = null;
        if (request.preferredCarrier() != null && !request.preferredCarrier().isBlank()) {
            carrier = request.preferredCarrier().strip().toLowerCase(Locale.ROOT);
            if (carriers.carrier(carrier).isEmpty()) {
                errors.add(error("preferredCarrier", "must be one of " + carriers.codes() + " or absent"));
            }
        }
        BigInteger total = itemsTotal(request.items());
        if (total.compareTo(MAX_TOTAL) > 0) {
            errors.add(error("items", "total to " + total + " pesos (unitPrice × quantity, summed), more than the "
                    + CreateOrderRequest.MAX_PESOS + " an order can hold"));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        List<OrderView.Item> items = request.items().stream()
                .map(item -> new OrderView.Item(item.sku().strip(), item.name().strip(), item.quantity(), item.unitPrice().longValueExact()))
                .toList();
        var municipality = place.municipality();
        return new OrderView(UUID.randomUUID(), OrderStatus.CREATED,
                new OrderView.Buyer(request.buyer().name().strip(), ColombianPhones.toE164(request.buyer().phone()).orElseThrow()),
                new OrderView.Destination(request.destination().address().strip(), municipality.code(), municipality.name(),
                        municipality.departmentCode(), municipality.department()),
                items, request.declaredValue().longValueExact(), request.cashOnDelivery().longValueExact(), carrier,
                // PostgreSQL keeps microseconds: truncating here makes the response equal later reads.
                clock.instant().truncatedTo(ChronoUnit.MICROS), null, null, null, origin);
    }

    /** Σ unitPrice × quantity, exactly: each term is bounded, their sum over 200 items is not, even as a long. */
    static BigInteger itemsTotal(List<CreateOrderRequest.Item> items) {
        BigInteger total = BigInteger.ZERO;
        for (CreateOrderRequest.Item item : items) {
            total = total.add(item.unitPrice().toBigIntegerExact().multiply(BigInteger.valueOf(item.quantity())));
        }
        return total;
    }

    /**
     * The request as it is compared for idempotency: field order, whitespace and the notation of
     * amounts (1000, 1000.0, 1E3) do not matter, every value does.
     */
    private static List<Object> canonical(CreateOrderRequest request) {
        List<Object> items = request.items().stream()
                .map(i -> List.of(i.sku(), i.name(), i.quantity(), i.unitPrice().toBigIntegerExact()))
                .map(Object.class::cast)
                .toList();
        List<Object> canonical = new ArrayList<>();
        canonical.add(List.of(request.buyer().name(), request.buyer().phone()));
        canonical.add(Arrays.asList(request.destination().address(), request.destination().city(), request.destination().department()));
        canonical.add(items);
        canonical.add(request.declaredValue().toBigIntegerExact());
        canonical.add(request.cashOnDelivery().toBigIntegerExact());
        canonical.add(request.preferredCarrier());
        // Only when given: a request without it hashes as it did before origins existed, so a retry across the upgrade still matches.
        if (request.origin() != null) {
            canonical.add(List.of("origin", String.valueOf(request.origin().municipalityCode())));
        }
        return canonical;
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    /** Same shape as bean-validation errors, so a client handles one format. */
    static ApiProblemException invalid(List<Map<String, String>> errors) {
        StringBuilder detail = new StringBuilder("The request has ").append(errors.size())
                .append(errors.size() == 1 ? " invalid field: " : " invalid fields: ");
        for (int i = 0; i < errors.size(); i++) {
            detail.append(i > 0 ? "; " : "").append(errors.get(i).get("field")).append(' ').append(errors.get(i).get("message"));
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, detail.append('.').toString());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return new ApiProblemException(problem, Map.of());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
