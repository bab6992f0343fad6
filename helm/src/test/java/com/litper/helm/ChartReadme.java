package com.litper.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The "## Parameters" section of helm/litper/README.md, made from the {@code ## @section} and
 * {@code ## @param} comments of values.yaml exactly as Bitnami's readme-generator-for-helm makes it
 * (one table per section: name, description, default value; {@code [array]} and {@code [object]}
 * parameters shown as {@code []} and {@code {}}), so that either can regenerate it. Hand-written
 * because the build has only a JDK: the npm tool runs where Node.js is installed
 * (helm/litper/README.md, "Regenerating this file").
 */
final class ChartReadme {

    static final String HEADING = "## Parameters";
    private static final Pattern SECTION = Pattern.compile("^## @section (.+)$");
    private static final Pattern PARAM = Pattern.compile("^## @param (\\S+) (?:\\[(array|object)\\] )?(.*)$");

    private ChartReadme() {
    }

    /** The section's body: everything after the "## Parameters" heading up to the next "## " heading. */
    static String parameters(String valuesYaml) {
        JsonNode values = YAMLMapper.builder().build().readTree(valuesYaml);
        StringBuilder out = new StringBuilder();
        String section = null;
        List<String[]> rows = new ArrayList<>();
        for (String line : valuesYaml.split("\n")) {
            Matcher sectionLine = SECTION.matcher(line);
            Matcher paramLine = PARAM.matcher(line);
            if (sectionLine.matches()) {
                table(out, section, rows);
                section = sectionLine.group(1).strip();
                rows = new ArrayList<>();
            } else if (paramLine.matches()) {
                String name = paramLine.group(1);
                String modifier = paramLine.group(2);
                String value = "array".equals(modifier) ? "[]" : "object".equals(modifier) ? "{}" : value(at(values, name), name);
                rows.add(new String[] {"`" + name + "`", paramLine.group(3).strip(), "`" + value + "`"});
            }
        }
        table(out, section, rows);
        return out.toString();
    }

    /** {@code readme} with its parameters section replaced by the one made from {@code valuesYaml}. */
    static String regenerate(String readme, String valuesYaml) {
        int heading = readme.indexOf("\n" + HEADING + "\n");
        if (heading < 0) {
            throw new IllegalArgumentException("the README has no \"" + HEADING + "\" heading");
        }
        int start = heading + HEADING.length() + 2;
        int next = readme.indexOf("\n## ", start);
        String rest = next < 0 ? "" : readme.substring(next + 1);
        return readme.substring(0, start) + "\n" + parameters(valuesYaml) + (rest.isEmpty() ? "" : "\n" + rest);
    }

    private static JsonNode at(JsonNode values, String name) {
        JsonNode node = values;
        for (String key : name.split("\\.")) {
            node = node.path(key);
        }
        if (node.isMissingNode()) {
            throw new IllegalArgumentException("## @param " + name + " names no value");
        }
        return node;
    }

    private static String value(JsonNode node, String name) {
        if (node.isNull()) {
            return "nil";
        }
        if (node.isString()) {
            return node.asString().isEmpty() ? "\"\"" : node.asString();
        }
        if (node.isArray() || node.isObject()) {
            if (!node.isEmpty()) {
                throw new IllegalArgumentException("## @param " + name + " documents a non-empty " + (node.isArray() ? "list" : "map")
                        + ": mark it [" + (node.isArray() ? "array" : "object") + "] or document its keys");
            }
            return node.isArray() ? "[]" : "{}";
        }
        return node.asString();
    }

    private static void table(StringBuilder out, String section, List<String[]> rows) {
        if (section == null || rows.isEmpty()) {
            return;
        }
        String[] header = {"Name", "Description", "Value"};
        int[] widths = new int[3];
        for (int column = 0; column < 3; column++) {
            widths[column] = header[column].length();
            for (String[] row : rows) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        out.append("### ").append(section).append("\n\n");
        row(out, header, widths);
        row(out, new String[] {"-".repeat(widths[0]), "-".repeat(widths[1]), "-".repeat(widths[2])}, widths);
        rows.forEach(row -> row(out, row, widths));
        out.append("\n");
    }

    private static void row(StringBuilder out, String[] cells, int[] widths) {
        out.append("|");
        for (int column = 0; column < 3; column++) {
            out.append(" ").append(cells[column]).append(" ".repeat(widths[column] - cells[column].length())).append(" |");
        }
        out.append("\n");
    }
}
