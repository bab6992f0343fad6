package com.litper.api.dane;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Colombia's municipalities and departments (DANE DIVIPOLA, shipped as
 * {@code dane/divipola-municipalities.csv}), looked up by code or by name. Names match
 * accent-, case- and punctuation-insensitively ("Bogotá", "BOGOTA, D.C.", "bogota dc"); a name
 * shared by several departments needs the department to decide.
 */
public final class Divipola {

    static final String RESOURCE = "dane/divipola-municipalities.csv";

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^A-Z0-9]+");
    // "D.C." (Distrito Capital) becomes "D C" without punctuation; people also write "DC".
    private static final Pattern DISTRICT = Pattern.compile("\\bD C\\b");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    // Names people write that differ from DANE's by more than accents and punctuation.
    private static final Map<String, String> MUNICIPALITY_ALIASES = Map.of(
            "BOGOTA", "11001",
            "BOGOTA DC", "11001",
            "SANTA FE DE BOGOTA", "11001",
            "CARTAGENA DE INDIAS", "13001",
            "SAN JOSE DE CUCUTA", "54001");
    private static final Map<String, String> DEPARTMENT_ALIASES = Map.of(
            "BOGOTA", "11",
            "BOGOTA DC", "11",
            "SAN ANDRES", "88",
            "SAN ANDRES Y PROVIDENCIA", "88",
            "VALLE", "76",
            "GUAJIRA", "44",
            "NORTE SANTANDER", "54");

    private final Map<String, Municipality> byCode;
    private final Map<String, List<Municipality>> byName;
    private final Map<String, String> departmentNames;
    private final Map<String, String> departmentCodesByName;

    private Divipola(List<Municipality> municipalities) {
        byCode = new HashMap<>();
        byName = new HashMap<>();
        departmentNames = new LinkedHashMap<>();
        departmentCodesByName = new HashMap<>();
        for (Municipality m : municipalities) {
            byCode.put(m.code(), m);
            byName.computeIfAbsent(normalize(m.name()), k -> new ArrayList<>()).add(m);
            departmentNames.putIfAbsent(m.departmentCode(), m.department());
            departmentCodesByName.putIfAbsent(normalize(m.department()), m.departmentCode());
        }
        MUNICIPALITY_ALIASES.forEach((alias, code) -> {
            List<Municipality> named = byName.computeIfAbsent(alias, k -> new ArrayList<>());
            if (!named.contains(byCode.get(code))) {
                named.add(byCode.get(code));
            }
        });
        DEPARTMENT_ALIASES.forEach(departmentCodesByName::putIfAbsent);
    }

    /** The list shipped with the service. */
    public static Divipola load() {
        try (InputStream in = Divipola.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            return new Divipola(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return byCode.size();
    }

    /**
     * Finds the municipality a store meant.
     *
     * @param city a 5-digit municipality code or a municipality name
     * @param department a 2-digit department code or a department name, or null/blank
     */
    public Lookup resolve(String city, String department) {
        String departmentCode = null;
        if (department != null && !department.isBlank()) {
            departmentCode = departmentCode(department);
            if (departmentCode == null) {
                return Lookup.failed("department", "'" + department.strip() + "' is not a Colombian department (a DANE code such as 05 or a name such as Antioquia)");
            }
        }
        String cityText = city.strip();
        if (DIGITS.matcher(cityText).matches()) {
            Municipality m = byCode.get(pad(cityText, 5));
            if (m == null) {
                return Lookup.failed("city", "'" + cityText + "' is not a DANE municipality code");
            }
            if (departmentCode != null && !departmentCode.equals(m.departmentCode())) {
                return Lookup.failed("department", "municipality " + m.code() + " (" + m.name() + ") is in " + m.department()
                        + ", not in " + departmentNames.get(departmentCode));
            }
            return Lookup.found(m);
        }
        List<Municipality> candidates = byName.getOrDefault(normalize(cityText), List.of());
        if (candidates.isEmpty()) {
            return Lookup.failed("city", "'" + cityText + "' is not a Colombian municipality (a DANE code such as 11001 or a name such as Bogotá)");
        }
        if (departmentCode != null) {
            String wanted = departmentCode;
            List<Municipality> inDepartment = candidates.stream().filter(m -> m.departmentCode().equals(wanted)).toList();
            if (inDepartment.isEmpty()) {
                return Lookup.failed("city", "there is no municipality '" + cityText + "' in " + departmentNames.get(departmentCode)
                        + "; it exists in " + departmentsOf(candidates));
            }
            candidates = inDepartment;
        }
        if (candidates.size() > 1) {
            return Lookup.failed("department", "'" + cityText + "' exists in several departments (" + departmentsOf(candidates)
                    + "): send the department, or the municipality's DANE code");
        }
        return Lookup.found(candidates.get(0));
    }

    private String departmentCode(String department) {
        String text = department.strip();
        if (DIGITS.matcher(text).matches()) {
            String code = pad(text, 2);
            return departmentNames.containsKey(code) ? code : null;
        }
        return departmentCodesByName.get(normalize(text));
    }

    private static String departmentsOf(List<Municipality> candidates) {
        return candidates.stream().map(m -> m.department() + " (" + m.code() + ")").collect(Collectors.joining(", "));
    }

    /** Upper case, without accents (Ñ becomes N), punctuation as single spaces. */
    static String normalize(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("").toUpperCase(Locale.ROOT);
        return DISTRICT.matcher(NOT_ALPHANUMERIC.matcher(plain).replaceAll(" ").strip()).replaceAll("DC");
    }

    // Spreadsheets drop the leading zero of codes such as 05001.
    private static String pad(String digits, int length) {
        return digits.length() < length ? "0".repeat(length - digits.length()) + digits : digits;
    }

    private static List<Municipality> parse(BufferedReader reader) throws IOException {
        List<Municipality> result = new ArrayList<>();
        String header = reader.readLine();
        if (header == null || !header.startsWith("municipality_code,")) {
            throw new IllegalStateException(RESOURCE + " has an unexpected header: " + header);
        }
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = csvFields(line);
            if (fields.size() != 4) {
                throw new IllegalStateException(RESOURCE + " has a malformed line: " + line);
            }
            result.add(new Municipality(fields.get(0), fields.get(1), fields.get(2), fields.get(3)));
        }
        return result;
    }

    private static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /**
     * The outcome of a lookup: a municipality, or which field is wrong and why.
     *
     * @param municipality the municipality found, or null
     * @param field {@code city} or {@code department} when nothing was found
     * @param problem what is wrong, phrased for the caller
     */
    public record Lookup(Municipality municipality, String field, String problem) {

        static Lookup found(Municipality municipality) {
            return new Lookup(municipality, null, null);
        }

        static Lookup failed(String field, String problem) {
            return new Lookup(null, field, problem);
        }

        public boolean isFound() {
            return municipality != null;
        }
    }
}
