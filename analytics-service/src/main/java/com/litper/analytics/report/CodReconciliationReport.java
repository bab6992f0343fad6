package com.litper.analytics.report;

import com.litper.analytics.cod.CodOrderLines;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * COD_RECONCILIATION: one row per cash-on-delivery guide of the store delivered or returned in the
 * period (the reconciliation endpoint's guides, docs/analytics.md "Cash on delivery"): what was to be
 * collected and was, what the carrier remitted and deducted in its first settlement line, what the
 * order nets the store in the ledger, the payout that paid it and the reconciliation's flags; then a
 * total row.
 */
@Component
class CodReconciliationReport extends TabularReport {

    private static final List<Column> COLUMNS = List.of(
            Column.text("Pedido"),
            Column.text("Guía"),
            Column.text("Transportadora"),
            Column.dateTime("Entregado"),
            Column.dateTime("Devuelto"),
            Column.money("Valor a recaudar (COP)"),
            Column.money("Recaudado (COP)"),
            Column.money("Girado por la transportadora (COP)"),
            Column.money("Flete (COP)"),
            Column.money("Comisión de recaudo (COP)"),
            Column.money("Flete de devolución (COP)"),
            Column.money("Neto para la tienda (COP)"),
            Column.money("Pagado a la tienda (COP)"),
            Column.text("Referencia del pago"),
            Column.dateTime("Fecha del pago"),
            Column.text("Alertas"));

    private final CodOrderLines cod;

    CodReconciliationReport(CodOrderLines cod) {
        this.cod = cod;
    }

    @Override
    public String name() {
        return "COD_RECONCILIATION";
    }

    @Override
    public String fileStem() {
        return "contraentrega";
    }

    @Override
    protected String sheetName() {
        return "Contraentrega";
    }

    @Override
    protected List<Column> columns() {
        return COLUMNS;
    }

    @Override
    protected void rows(ReportSpec spec, RowSink sink) throws IOException {
        List<CodOrderLines.Line> lines = cod.closedIn(spec.storeId(), spec.from(), spec.to());
        long[] totals = new long[8];
        for (CodOrderLines.Line l : lines) {
            sink.accept(l.orderId().toString(), l.trackingNumber(), l.carrier(), l.deliveredAt(), l.returnedAt(), l.amountToCollect(),
                    l.collected(), l.remitted(), l.freight(), l.commission(), l.returnFreight(), l.netToStore(), l.paidOut(),
                    l.payoutReference(), l.paidAt(), l.flags().stream().map(ReportLabels::codFlag).collect(Collectors.joining(", ")));
            long[] values = {l.amountToCollect(), l.collected(), orZero(l.remitted()), orZero(l.freight()), orZero(l.commission()),
                    orZero(l.returnFreight()), l.netToStore(), orZero(l.paidOut())};
            for (int i = 0; i < values.length; i++) {
                totals[i] += values[i];
            }
        }
        sink.accept("Total", lines.size() + (lines.size() == 1 ? " guía" : " guías"), null, null, null, totals[0], totals[1], totals[2],
                totals[3], totals[4], totals[5], totals[6], totals[7], null, null, null);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
