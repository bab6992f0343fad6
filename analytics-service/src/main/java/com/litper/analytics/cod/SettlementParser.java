package com.litper.analytics.cod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a settlement file in its carrier's {@link SettlementFormat}: every bad line is reported with
 * its number (the header is line 1), and a file with any bad line is refused whole, so a file is
 * either imported entirely or not at all.
 *
 * <p>Each line is split by Commons CSV in the carrier's separator (quoted fields, doubled quotes);
 * lines are numbered here so a problem names the line a person sees in the file.
 */
final class SettlementParser {

    /** At most this many problems are reported for one file. */
    static final int MAX_PROBLEMS = 50;

    /** One guide's line, as read. */
    record Line(int lineNo, String trackingNumber, LocalDate settledOn, long collected, long remitted, long freight, long commission,
            long returnFreight) {

        /** The line's fields in a fixed order: identical lines have identical text here, whatever their formatting. */
        String normalised() {
            return String.join("|", trackingNumber, settledOn.toString(), Long.toString(collected), Long.toString(remitted),
                    Long.toString(freight), Long.toString(commission), Long.toString(returnFreight));
        }
    }

    /** A line that could not be read. */
    record Problem(int line, String message) {
    }

    /** A file refused, with why. */
    static final class InvalidFileException extends RuntimeException {

        private final transient List<Problem> problems;

        InvalidFileException(String message, List<Problem> problems) {
            super(message);
            this.problems = List.copyOf(problems);
        }

        List<Problem> problems() {
            return problems;
        }
    }

    private SettlementParser() {
    }

    static List<Line> parse(SettlementFormat format, String content) {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String[] rows = text.split("\r?\n", -1);
        int headerIndex = 0;
        while (headerIndex < rows.length && rows[headerIndex].isBlank()) {
            headerIndex++;
        }
        if (headerIndex == rows.length) {
            throw new InvalidFileException("The file is empty: a " + format.carrier() + " settlement file starts with its header line",
                    List.of(new Problem(1, "no header line")));
        }
        List<String> header = split(rows[headerIndex], format.separator());
        Map<SettlementFormat.Field, Integer> columns = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (SettlementFormat.Field field : SettlementFormat.Field.values()) {
            int index = indexOf(header, format.header(field));
            if (index < 0) {
                problems.add(new Problem(headerIndex + 1, "missing column '" + format.header(field) + "'"));
            } else {
                columns.put(field, index);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFileException("The header is not " + format.carrier() + "'s settlement header (columns separated by "
                    + describe(format.separator()) + ")", problems);
        }
        List<Line> lines = new ArrayList<>();
        for (int i = headerIndex + 1; i < rows.length && problems.size() < MAX_PROBLEMS; i++) {
            if (rows[i].isBlank()) {
                continue;
            }
            int lineNo = i + 1;
            List<String> fields = split(rows[i], format.separator());
            if (fields.size() != header.size()) {
                problems.add(new Problem(lineNo, "has " + fields.size() + " fields, the header has " + header.size()));
                continue;
            }
            List<String> lineProblems = new ArrayList<>();
            String guide = fields.get(columns.get(SettlementFormat.Field.GUIDE)).trim();
            if (!guide.matches("[A-Za-z0-9-]{4,40}")) {
                lineProblems.add("guide '" + guide + "' is not a guide number");
            }
            LocalDate date = null;
            String dateText = fields.get(columns.get(SettlementFormat.Field.DATE)).trim();
            try {
                date = LocalDate.parse(dateText, format.dates());
            } catch (DateTimeParseException e) {
                lineProblems.add("date '" + dateText + "' is not " + format.datePattern());
            }
            long[] amounts = new long[5];
            SettlementFormat.Field[] amountFields = {SettlementFormat.Field.COLLECTED, SettlementFormat.Field.REMITTED,
                SettlementFormat.Field.FREIGHT, SettlementFormat.Field.COMMISSION, SettlementFormat.Field.RETURN_FREIGHT};
            for (int a = 0; a < amountFields.length; a++) {
                String value = fields.get(columns.get(amountFields[a]));
                Optional<Long> amount = format.amounts().parse(value);
                if (amount.isEmpty()) {
                    lineProblems.add(format.header(amountFields[a]) + " '" + value.trim() + "' is not an amount in whole pesos");
                } else if (amount.get() < 0 && amountFields[a] != SettlementFormat.Field.REMITTED) {
                    lineProblems.add(format.header(amountFields[a]) + " is negative (" + amount.get() + ")");
                } else {
                    amounts[a] = amount.get();
                }
            }
            if (!lineProblems.isEmpty()) {
                problems.add(new Problem(lineNo, String.join("; ", lineProblems)));
                continue;
            }
            lines.add(new Line(lineNo, guide, date, amounts[0], amounts[1], amounts[2], amounts[3], amounts[4]));
        }
        if (!problems.isEmpty()) {
            throw new InvalidFileException(problems.size() + (problems.size() >= MAX_PROBLEMS ? " or more" : "")
                    + " line(s) of the " + format.carrier() + " settlement file cannot be read; nothing was imported", problems);
        }
        return lines;
    }

    private static int indexOf(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(char separator) {
        return switch (separator) {
            case '\t' -> "tabs";
            case ',' -> "commas";
            case ';' -> "semicolons";
            case '|' -> "'|'";
            default -> "'" + separator + "'";
        };
    }

    /** Splits one CSV row; a field in double quotes may hold the separator, and "" inside it is one quote. */
    static List<String> split(String row, char separator) {
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(separator).setRecordSeparator("").get();
        try (CSVParser parser = CSVParser.parse(row, format)) {
            List<CSVRecord> records = parser.getRecords();
            return records.isEmpty() ? List.of("") : records.get(0).toList();
        } catch (IOException | UncheckedIOException e) {
            // A malformed quote: the line is read as one field, which the format's checks then refuse with its line number.
            return List.of(row);
        }
    }
}
