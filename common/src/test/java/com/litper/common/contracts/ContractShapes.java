package com.litper.common.contracts;

import com.litper.common.task.Contract;
import com.litper.common.task.PayloadCodec;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The shape of a contract's JSON as one release reads it: every member's path ({@code buyer.phone},
 * {@code items[].sku}), which of them that release's reader requires, and whether another release's
 * JSON still gives that reader what it requires, with the same JSON types.
 */
final class ContractShapes {

    private ContractShapes() {
    }

    /** Every member of {@code example}, parents before children; an array's members are read from its elements. */
    static List<String> paths(JsonNode example) {
        List<String> paths = new ArrayList<>();
        collect(example, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, List<String> paths) {
        for (String name : node.propertyNames()) {
            String path = prefix + name;
            paths.add(path);
            JsonNode value = node.get(name);
            if (value.isObject()) {
                collect(value, path + ".", paths);
            } else if (value.isArray()) {
                List<String> members = new ArrayList<>();
                for (JsonNode element : value.values()) {
                    if (element.isObject()) {
                        List<String> found = new ArrayList<>();
                        collect(element, path + "[].", found);
                        found.stream().filter(p -> !members.contains(p)).forEach(members::add);
                    }
                }
                paths.addAll(members);
            }
        }
    }

    /**
     * The members the current record cannot do without: the example stops being readable (or valid)
     * when the member is left out or null. Run at a release, this is what that release's reader requires.
     */
    static List<String> required(Contract contract, PayloadCodec codec, JsonNode example) {
        List<String> required = new ArrayList<>();
        for (String path : paths(example)) {
            if (!readable(contract, codec, without(example, path, false)) || !readable(contract, codec, without(example, path, true))) {
                required.add(path);
            }
        }
        return required;
    }

    /**
     * What stops a reader whose shape is {@code previous} (its example and the members it requires)
     * from reading {@code current}: a required member missing or null, or any member it knows
     * written with another JSON type. Empty when nothing does.
     */
    static List<String> problems(String contract, String release, JsonNode previous, List<String> required, JsonNode current,
            String currentFile) {
        List<String> problems = new ArrayList<>();
        for (String path : paths(previous)) {
            List<JsonNode> then = find(previous, path).stream().filter(n -> !n.isNull()).toList();
            List<JsonNode> now = find(current, path);
            if (required.contains(path)) {
                boolean parentAbsent = path.contains(".") && !required.contains(parent(path))
                        && find(current, parent(path)).stream().allMatch(JsonNode::isNull);
                if (!parentAbsent && (now.isEmpty() || now.stream().anyMatch(JsonNode::isNull))) {
                    problems.add(contract + ": '" + path + "' is required by the reader of the previous release (" + release
                            + ") but missing or null in what this release writes (" + currentFile + "): its workers would"
                            + " dead-letter these tasks. Keep writing '" + path + "', with the same JSON type, through this release,"
                            + " and stop in the next one with a new @TaskContract version once the previous-release snapshot is"
                            + " refreshed.");
                    continue;
                }
            }
            if (then.isEmpty()) {
                continue;
            }
            var type = then.get(0).getNodeType();
            now.stream().filter(n -> !n.isNull() && n.getNodeType() != type).findFirst().ifPresent(n -> problems.add(contract + ": '"
                    + path + "' was " + type + " in the previous release (" + release + ") and is " + n.getNodeType()
                    + " in what this release writes (" + currentFile + "): its workers cannot read it. Keep '" + path
                    + "' as it was and write the new form under a new name; drop the old one in a later release with a new"
                    + " @TaskContract version."));
        }
        return problems;
    }

    /** The nodes at {@code path}, one per array element on the way; none when a member is absent. */
    static List<JsonNode> find(JsonNode root, String path) {
        List<JsonNode> nodes = List.of(root);
        for (String segment : path.split("\\.")) {
            boolean array = segment.endsWith("[]");
            String name = array ? segment.substring(0, segment.length() - 2) : segment;
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : nodes) {
                JsonNode child = node.get(name);
                if (child == null) {
                    continue;
                }
                if (array && child.isArray()) {
                    next.addAll(child.values());
                } else if (!array) {
                    next.add(child);
                }
            }
            nodes = next;
        }
        return nodes;
    }

    /** A copy of {@code example} with the member at {@code path} removed (or set to null) wherever it occurs. */
    static JsonNode without(JsonNode example, String path, boolean asNull) {
        JsonNode copy = example.deepCopy();
        String last = path.substring(path.lastIndexOf('.') + 1);
        List<JsonNode> parents = path.contains(".") ? find(copy, path.substring(0, path.lastIndexOf('.'))) : List.of(copy);
        for (JsonNode parent : parents) {
            if (parent instanceof ObjectNode object && object.has(last)) {
                if (asNull) {
                    object.putNull(last);
                } else {
                    object.remove(last);
                }
            }
        }
        return copy;
    }

    private static String parent(String path) {
        return path.substring(0, path.lastIndexOf('.')).replaceAll("\\[]$", "");
    }

    private static boolean readable(Contract contract, PayloadCodec codec, JsonNode json) {
        try {
            codec.decode(contract, contract.type(), json.toString());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
