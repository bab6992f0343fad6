package com.litper.analytics.report;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * ORDERS: one row per order placed in the period, with its shipment's milestones (from
 * {@code shipment_fact}). Streams: rows go to the file as they are read.
 */
@Component
class OrdersReport extends TabularReport {

    private static final List<Column> COLUMNS = List.of(
            Column.text("Pedido"),
            Column.date("Día"),
            Column.text("Transportadora"),
            Column.text("Guía"),
            Column.text("Departamento origen"),
            Column.text("Departamento destino"),
            Column.text("Estado"),
            Column.money("Contra entrega (COP)"),
            Column.money("Recaudado (COP)"),
            Column.money("Flete (COP)"),
            Column.dateTime("Creado"),
            Column.dateTime("Despachado"),
            Column.date("Fecha prometida"),
            Column.dateTime("Primer intento"),
            Column.dateTime("Entregado"),
            Column.dateTime("Devuelto"),
            Column.integer("Novedades"),
            Column.text("Primera novedad"),
            Column.integer("Días hábiles en tránsito"),
            Column.text("A tiempo"));

    private final ReportData data;

    OrdersReport(ReportData data) {
        this.data = data;
    }

    @Override
    public String name() {
        return "ORDERS";
    }

    @Override
    public String fileStem() {
        return "pedidos";
    }

    @Override
    protected String sheetName() {
        return "Pedidos";
    }

    @Override
    protected List<Column> columns() {
        return COLUMNS;
    }

    @Override
    protected void rows(ReportSpec spec, RowSink sink) throws IOException {
        data.orders(spec.storeId(), spec.from(), spec.to(), rs -> sink.accept(
                rs.getString("order_id"),
                rs.getObject("day", LocalDate.class),
                rs.getString("carrier"),
                rs.getString("tracking_number"),
                rs.getString("origin_department"),
                rs.getString("destination_department"),
                ReportLabels.status(rs.getString("status")),
                rs.getLong("cash_on_delivery"),
                longOrNull(rs, "cash_collected"),
                longOrNull(rs, "freight"),
                rs.getObject("placed_at", OffsetDateTime.class),
                rs.getObject("booked_at", OffsetDateTime.class),
                rs.getObject("promised_date", LocalDate.class),
                rs.getObject("first_attempt_at", OffsetDateTime.class),
                rs.getObject("delivered_at", OffsetDateTime.class),
                rs.getObject("returned_at", OffsetDateTime.class),
                rs.getLong("novedades"),
                ReportLabels.cause(rs.getString("first_novedad_cause")),
                longOrNull(rs, "transit_business_days"),
                yesNo(rs, "on_time")));
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static String yesNo(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value ? "Sí" : "No";
    }
}
