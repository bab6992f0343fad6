package com.litper.sandbox.carrier;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The cash-on-delivery settlement file each carrier sends its shippers: one line per COD guide that
 * was delivered (cash collected, freight and commission kept, the rest remitted) or returned
 * (nothing collected, freight and return freight kept: a negative remittance) on a day in Bogotá.
 * Each carrier writes its own CSV (separator, columns, date and amount formats;
 * docs/sandboxes.md, "Settlement files"). Freight and commission are the sandbox's own flat terms.
 */
@Component
class CarrierSettlements {

    static final ZoneId BOGOTA = ZoneId.of("America/Bogota");

    /** One guide's settlement. */
    record Line(String trackingNumber, LocalDate day, boolean delivered, long collected, long freight, long commission, long returnFreight,
            long remitted) {
    }

    /**
     * Test levers: remit {@code shortBy} pesos less for {@code shortGuide}, and write
     * {@code duplicateGuide}'s line twice.
     */
    record Quirks(String shortGuide, long shortBy, String duplicateGuide) {
        static final Quirks NONE = new Quirks(null, 0, null);
    }

    private final CarrierShipments shipments;

    CarrierSettlements(CarrierShipments shipments) {
        this.shipments = shipments;
    }

    /** The carrier's flat freight per guide, whole pesos. */
    static long freight(CarrierProfile carrier) {
        return switch (carrier) {
            case SERVIENTREGA -> 11_500;
            case COORDINADORA -> 10_900;
            case INTERRAPIDISIMO -> 9_800;
            case ENVIA -> 10_200;
            case TCC -> 12_300;
        };
    }

    /** The carrier's commission for collecting cash, in basis points of the amount collected. */
    static long commissionBasisPoints(CarrierProfile carrier) {
        return switch (carrier) {
            case SERVIENTREGA -> 250;
            case COORDINADORA -> 300;
            case INTERRAPIDISIMO -> 200;
            case ENVIA -> 280;
            case TCC -> 350;
        };
    }

    /** The COD guides of the carrier that ended (delivered or returned) on {@code day}, in booking order. */
    List<Line> lines(CarrierProfile carrier, LocalDate day, Quirks quirks) {
        List<Line> lines = new ArrayList<>();
        for (SandboxShipment shipment : shipments.all(Optional.of(carrier))) {
            shipments.find(carrier, shipment.trackingNumber());
            if (shipment.cashOnDelivery() <= 0) {
                continue;
            }
            Optional<ShipmentEvent> end = shipment.events().stream()
                    .filter(e -> e.step().milestone() == Milestone.DELIVERED || e.step().milestone() == Milestone.RETURNED)
                    .findFirst();
            if (end.isEmpty() || !LocalDate.ofInstant(end.get().occurredAt(), BOGOTA).equals(day)) {
                continue;
            }
            boolean delivered = end.get().step().milestone() == Milestone.DELIVERED;
            long freight = freight(carrier);
            long collected = delivered ? shipment.cashOnDelivery() : 0;
            long commission = Math.round(collected * commissionBasisPoints(carrier) / 10_000.0);
            long returnFreight = delivered ? 0 : freight;
            long remitted = collected - freight - commission - returnFreight;
            if (shipment.trackingNumber().equals(quirks.shortGuide())) {
                remitted -= quirks.shortBy();
            }
            Line line = new Line(shipment.trackingNumber(), day, delivered, collected, freight, commission, returnFreight, remitted);
            lines.add(line);
            if (shipment.trackingNumber().equals(quirks.duplicateGuide())) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The settlement file of the carrier for {@code day}, in the carrier's own format. */
    String file(CarrierProfile carrier, LocalDate day, Quirks quirks) {
        List<Line> lines = lines(carrier, day, quirks);
        StringBuilder file = new StringBuilder();
        switch (carrier) {
            case SERVIENTREGA -> {
                // Semicolons, day/month/year, Windows line ends.
                DateTimeFormatter date = DateTimeFormatter.ofPattern("dd/MM/yyyy");
                file.append("NUMERO_GUIA;FECHA_ENTREGA;VALOR_RECAUDO;VALOR_FLETE;COMISION_RECAUDO;FLETE_DEVOLUCION;VALOR_A_GIRAR\r\n");
                lines.forEach(l -> file.append(String.join(";", l.trackingNumber(), date.format(l.day()), n(l.collected()), n(l.freight()),
                        n(l.commission()), n(l.returnFreight()), n(l.remitted()))).append("\r\n"));
            }
            case COORDINADORA -> {
                file.append("guia,fecha,recaudo,flete,comision,flete_devolucion,neto_girado\n");
                lines.forEach(l -> file.append(String.join(",", l.trackingNumber(), l.day().toString(), n(l.collected()), n(l.freight()),
                        n(l.commission()), n(l.returnFreight()), n(l.remitted()))).append('\n'));
            }
            case INTERRAPIDISIMO -> {
                DateTimeFormatter date = DateTimeFormatter.BASIC_ISO_DATE;
                file.append("Fecha|Guia|ValorGirado|ValorRecaudado|Flete|Comision|FleteRetorno\n");
                lines.forEach(l -> file.append(String.join("|", date.format(l.day()), l.trackingNumber(), n(l.remitted()), n(l.collected()),
                        n(l.freight()), n(l.commission()), n(l.returnFreight()))).append('\n'));
            }
            case ENVIA -> {
                DateTimeFormatter date = DateTimeFormatter.ofPattern("dd-MM-yyyy");
                file.append("guia\tfecha\testado\tvlr_cobrado\tvlr_flete\tvlr_comision\tvlr_devolucion\tvlr_consignado\n");
                lines.forEach(l -> file.append(String.join("\t", l.trackingNumber(), date.format(l.day()), l.delivered() ? "ENTREGADO" : "DEVUELTO",
                        n(l.collected()), n(l.freight()), n(l.commission()), n(l.returnFreight()), n(l.remitted()))).append('\n'));
            }
            case TCC -> {
                // Every field quoted, year/month/day, dots between thousands.
                DateTimeFormatter date = DateTimeFormatter.ofPattern("yyyy/MM/dd");
                file.append("\"REMESA\",\"FECHA\",\"RECAUDO\",\"FLETE\",\"COMISION\",\"DEVOLUCION\",\"GIRO\"\n");
                lines.forEach(l -> file.append(String.join(",", q(l.trackingNumber()), q(date.format(l.day())), q(dots(l.collected())),
                        q(dots(l.freight())), q(dots(l.commission())), q(dots(l.returnFreight())), q(dots(l.remitted())))).append('\n'));
            }
        }
        return file.toString();
    }

    private static String n(long amount) {
        return Long.toString(amount);
    }

    private static String q(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String dots(long amount) {
        DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
        symbols.setGroupingSeparator('.');
        return new DecimalFormat("#,##0", symbols).format(amount);
    }
}
