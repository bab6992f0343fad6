package com.litper.analytics.cod;

import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One carrier's settlement CSV (docs/analytics.md, "Settlement files"): its separator, the header
 * of each field (columns are found by header, so their order is the carrier's), its date format
 * and how it writes amounts. Each carrier sends its own; a new carrier needs a new constant here.
 */
enum SettlementFormat {

    SERVIENTREGA(';', "dd/MM/yyyy", Amounts.PLAIN,
            "NUMERO_GUIA", "FECHA_ENTREGA", "VALOR_RECAUDO", "VALOR_A_GIRAR", "VALOR_FLETE", "COMISION_RECAUDO", "FLETE_DEVOLUCION"),
    COORDINADORA(',', "yyyy-MM-dd", Amounts.PLAIN,
            "guia", "fecha", "recaudo", "neto_girado", "flete", "comision", "flete_devolucion"),
    INTERRAPIDISIMO('|', "yyyyMMdd", Amounts.PLAIN,
            "Guia", "Fecha", "ValorRecaudado", "ValorGirado", "Flete", "Comision", "FleteRetorno"),
    ENVIA('\t', "dd-MM-yyyy", Amounts.PLAIN,
            "guia", "fecha", "vlr_cobrado", "vlr_consignado", "vlr_flete", "vlr_comision", "vlr_devolucion"),
    TCC(',', "yyyy/MM/dd", Amounts.THOUSANDS_DOT,
            "REMESA", "FECHA", "RECAUDO", "GIRO", "FLETE", "COMISION", "DEVOLUCION");

    /** What a settlement line says about one guide. */
    enum Field {
        GUIDE, DATE, COLLECTED, REMITTED, FREIGHT, COMMISSION, RETURN_FREIGHT
    }

    /** How amounts are written: plain integers ({@code -12300}) or with dots between thousands ({@code -12.300}). */
    enum Amounts {
        PLAIN("-?[0-9]{1,15}"),
        THOUSANDS_DOT("-?[0-9]{1,3}(\\.[0-9]{3}){0,4}");

        private final java.util.regex.Pattern pattern;

        Amounts(String regex) {
            this.pattern = java.util.regex.Pattern.compile(regex);
        }

        /** The amount in pesos, or empty when the text is not one. */
        Optional<Long> parse(String text) {
            String trimmed = text.trim();
            if (!pattern.matcher(trimmed).matches()) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(trimmed.replace(".", "")));
        }
    }

    private final char separator;
    private final DateTimeFormatter dates;
    private final String datePattern;
    private final Amounts amounts;
    private final Map<Field, String> headers = new EnumMap<>(Field.class);

    SettlementFormat(char separator, String datePattern, Amounts amounts, String guide, String date, String collected, String remitted,
            String freight, String commission, String returnFreight) {
        this.separator = separator;
        this.datePattern = datePattern;
        this.dates = DateTimeFormatter.ofPattern(datePattern);
        this.amounts = amounts;
        headers.put(Field.GUIDE, guide);
        headers.put(Field.DATE, date);
        headers.put(Field.COLLECTED, collected);
        headers.put(Field.REMITTED, remitted);
        headers.put(Field.FREIGHT, freight);
        headers.put(Field.COMMISSION, commission);
        headers.put(Field.RETURN_FREIGHT, returnFreight);
    }

    /** The carrier's code, lower case, as everywhere else. */
    String carrier() {
        return name().toLowerCase();
    }

    static Optional<SettlementFormat> of(String carrier) {
        return Arrays.stream(values()).filter(f -> f.carrier().equals(carrier)).findFirst();
    }

    static String carriers() {
        return String.join(", ", Arrays.stream(values()).map(SettlementFormat::carrier).toList());
    }

    char separator() {
        return separator;
    }

    DateTimeFormatter dates() {
        return dates;
    }

    String datePattern() {
        return datePattern;
    }

    Amounts amounts() {
        return amounts;
    }

    String header(Field field) {
        return headers.get(field);
    }
}
