package com.litper.analytics.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * KPIS: one row per carrier and a total row, over the period, from the daily rollups: shipments,
 * delivery, return, on-time and first-attempt rates, novedades, transit days (median and 90th
 * percentile, in business days), average freight and cash on delivery.
 */
@Component
class KpisReport extends TabularReport {

    private static final List<Column> COLUMNS = List.of(
            Column.text("Transportadora"),
            Column.integer("Envíos"),
            Column.integer("Entregados"),
            Column.integer("Devueltos"),
            Column.percent("Entrega (%)"),
            Column.percent("Devolución (%)"),
            Column.percent("A tiempo (%)"),
            Column.percent("Entrega al primer intento (%)"),
            Column.integer("Con novedad"),
            Column.percent("Con novedad (%)"),
            Column.integer("Días hábiles en tránsito (mediana)"),
            Column.integer("Días hábiles en tránsito (p90)"),
            Column.money("Flete promedio (COP)"),
            Column.integer("Envíos contra entrega"),
            Column.money("Valor contra entrega (COP)"));

    private final ReportData data;

    KpisReport(ReportData data) {
        this.data = data;
    }

    @Override
    public String name() {
        return "KPIS";
    }

    @Override
    public String fileStem() {
        return "indicadores";
    }

    @Override
    protected String sheetName() {
        return "Indicadores";
    }

    @Override
    protected List<Column> columns() {
        return COLUMNS;
    }

    @Override
    protected void rows(ReportSpec spec, RowSink sink) throws IOException {
        List<CarrierKpis> carriers = data.carrierKpis(spec.storeId(), spec.from(), spec.to());
        List<CarrierKpis> rows = new ArrayList<>(carriers);
        rows.add(CarrierKpis.total(CarrierKpis.ALL, carriers));
        for (CarrierKpis k : rows) {
            sink.accept(k.carrier(), k.shipments(), k.delivered(), k.returned(), k.deliveryRate(), k.returnRate(), k.onTimeRate(),
                    k.firstAttemptRate(), k.withNovedad(), k.novedadRate(), k.transitPercentile(0.5), k.transitPercentile(0.9),
                    k.averageFreight(), k.codShipments(), k.codAmount());
        }
    }
}
