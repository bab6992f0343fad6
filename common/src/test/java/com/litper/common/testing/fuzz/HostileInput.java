package com.litper.common.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Hostile variants of valid input, all drawn from one seeded {@link Random} so a run can be
 * replayed: JSON bodies with one part made wrong (a wrong type, null, huge or strange text, numbers
 * that overflow, timestamps at the limits, deep nesting, broken syntax), bad cursors and limits,
 * header tricks and path tricks. Every value is JSON text or raw wire text, never a parsed value, so
 * it can be what no JSON library would produce (a lone surrogate, {@code 1e400}, a duplicated key).
 */
public final class HostileInput {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    // Replaced in the serialised body by raw JSON text after the tree was written.
    private static final String HOLE = "\u0001hostile\u0001";

    /** The body limit of every Litper service (litper.web.max-request-body): huge texts straddle it. */
    public static final int MEGABYTE = 1024 * 1024;

    /** Deep enough for any recursive parser or validator to choke on. */
    public static final int DEEP = 10_000;

    private final Random random;

    public HostileInput(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    @SafeVarargs
    public final <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    public <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** A JSON body and what was done to it. */
    public record Body(String json, String label) {
    }

    // ---------------------------------------------------------------- values

    /** JSON string literals that are valid JSON but strange text. */
    public String hostileStringLiteral() {
        return switch (random.nextInt(24)) {
            case 0 -> "\"\\ud800\"";                      // lone high surrogate
            case 1 -> "\"abc\\udc00def\"";                // lone low surrogate
            case 2 -> "\"\\u0000\"";                      // NUL
            case 3 -> "\"Ana\\u0000Gómez\"";
            case 4 -> "\"\\u202eredro\\u202c\"";          // right-to-left override
            case 5 -> "\"\\u200f\\u200e\\u061c\"";        // direction marks
            case 6 -> "\"😀🇨🇴👩‍👩‍👧‍👦\"";                  // emoji, flags, ZWJ sequences
            case 7 -> "\"e\\u0301\\u0301\\u0301\\u0301\"";   // stacked combining marks
            case 8 -> "\"\\ufeff\\uffff\\ufffe\"";         // BOM and non-characters
            case 9 -> "\"３００１２３４５６７\"";            // full-width digits
            case 10 -> "\"٣٠٠١٢٣٤٥٦٧\"";                  // Arabic-Indic digits
            case 11 -> "\" \\t\\n\\r \"";                 // whitespace only
            case 12 -> "\"\"";
            case 13 -> quote("x".repeat(10_000));          // overlong for any field
            case 14 -> quote("ñ".repeat(MEGABYTE / 2 - 64)); // ~1 MB of two-byte characters
            case 15 -> "\"../../../etc/passwd\"";
            case 16 -> "\"' OR '1'='1' --\"";
            case 17 -> "\"<script>alert(1)</script>\"";
            case 18 -> "\"%00%2e%2e%2f\"";
            case 19 -> "\"\\\\\\\"\\/\\b\\f\"";
            case 20 -> "\"${jndi:ldap://127.0.0.1/a}\"";
            case 21 -> "\"\\u0085\\u2028\\u2029\"";          // line separators
            case 22 -> "\"\\udbff\\udfff\\ud83d\"";          // max code point then a dangling surrogate
            default -> "\"" + "\\u0000".repeat(100) + "\"";
        };
    }

    /** Numbers that overflow, lose precision or have the wrong shape; some are not JSON at all. */
    public String hostileNumberLiteral() {
        return pick("1e400", "-1e400", "1e-400", "-0", "-0.0", "0e0", "9223372036854775807", "9223372036854775808",
                "-9223372036854775809", "18446744073709551616", "2147483648", "-2147483649", "1.5", "0.1", "1.0000000000000001",
                "1E+2", "-1", "99999999999999999999999999999999999999", "1" + "0".repeat(1200), "1e2147483647",
                "1e-2147483648", "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "5.", "1_000");
    }

    /** Timestamps at and past the limits of the formats and types that hold them. */
    public String hostileTimestamp() {
        return pick("0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59-18:00", "-999999999-01-01T00:00:00+18:00",
                "2026-02-30T10:00:00Z", "2026-02-29", "2024-02-29T24:00:00Z", "2016-12-31T23:59:60Z", "2026-13-01T00:00:00Z",
                "2026-11-25T10:00:00+25:00", "2026-11-25T10:00:00+18:01", "2026-11-25T10:00:00", "2026-11-25 10:00:00Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2038-01-19T03:14:08Z", "294277-01-01T00:00:00Z",
                "-4714-11-23T00:00:00Z", "2026-11-25T10:00:00.1234567891234Z", "2026-W48-3", "1764072000", "",
                "2026-11-25T10:00:00Z[America/Bogota]", "٢٠٢٦-١١-٢٥T10:00:00Z");
    }

    /** A JSON value of any type, hostile or just of another type than expected. */
    public String hostileValue() {
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> hostileStringLiteral();
            case 3, 4, 5 -> hostileNumberLiteral();
            case 6 -> quote(hostileTimestamp());
            case 7 -> pick("null", "true", "false", "{}", "[]", "[null]", "{\"\":null}", "\"\"", "0", "[[]]");
            case 8 -> deep(random.nextBoolean() ? 50 : DEEP);
            case 9 -> "[" + "1,".repeat(100_000) + "1]";
            case 10 -> "{" + manyKeys(20_000) + "}";
            default -> quote(UUID.randomUUID().toString());
        };
    }

    /** {@code levels} nested arrays or objects. */
    public String deep(int levels) {
        if (random.nextBoolean()) {
            return "[".repeat(levels) + "]".repeat(levels);
        }
        return "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
    }

    private static String manyKeys(int count) {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < count; i++) {
            keys.append(i > 0 ? "," : "").append("\"k").append(i).append("\":").append(i);
        }
        return keys.toString();
    }

    /** A Java string as a JSON string literal (no escaping beyond what JSON requires). */
    public static String quote(String text) {
        return JSON.writeValueAsString(text);
    }

    // ---------------------------------------------------------------- bodies

    /** {@code valid} with one hostile change, or a body that is not the expected JSON at all. */
    public Body body(String valid) {
        JsonNode root = JSON.readTree(valid);
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        int kind = random.nextInt(100);
        if (kind < 12 || paths.isEmpty()) {
            return wholeBody(valid);
        }
        String path = pick(paths);
        if (kind < 60) {
            String value = kind < 30 ? wrongTypeFor(root.at(path)) : hostileValue();
            return new Body(replace(root, path, value), "value at " + path + " = " + HostileRequest.excerpt(value, 60));
        }
        if (kind < 70) {
            return new Body(replace(root, path, null), "removed " + path);
        }
        if (kind < 80) {
            String value = root.at(path).isNumber() || random.nextBoolean() ? hostileNumberLiteral() : hostileStringLiteral();
            return new Body(replace(root, path, value), "value at " + path + " = " + HostileRequest.excerpt(value, 60));
        }
        if (kind < 85) {
            String value = quote(hostileTimestamp());
            return new Body(replace(root, path, value), "timestamp at " + path + " = " + value);
        }
        if (kind < 92 && root.isObject()) {
            // A repeated member: which one wins differs between parsers, and the signature may cover the other.
            String name = pick(new ArrayList<>(root.propertyNames()));
            String json = valid.strip();
            String repeated = json.substring(0, json.length() - 1) + ", " + quote(name) + ": " + hostileValue() + "}";
            return new Body(repeated, "duplicated member " + name);
        }
        String json = JSON.writeValueAsString(root);
        String withUnknown = root.isObject() && json.length() > 2
                ? json.substring(0, json.length() - 1) + ", " + hostileStringLiteral() + ": " + hostileValue() + "}"
                : json;
        return new Body(withUnknown, "unknown member");
    }

    /** A body that replaces the whole document. */
    public Body wholeBody(String valid) {
        return switch (random.nextInt(16)) {
            case 0 -> new Body("", "empty body");
            case 1 -> new Body("null", "null body");
            case 2 -> new Body("[" + valid + "]", "array root");
            case 3 -> new Body(valid.substring(0, random.nextInt(Math.max(1, valid.length()))), "truncated");
            case 4 -> new Body(deep(DEEP), "10k levels deep");
            case 5 -> new Body("{\"pad\":" + quote("x".repeat(MEGABYTE + 1)) + "}", "just over 1 MB");
            case 6 -> new Body(valid.strip().substring(0, valid.strip().length() - 1) + ",\"pad\":"
                    + quote("x".repeat(MEGABYTE - valid.length() - 64)) + "}", "just under 1 MB");
            case 7 -> new Body("\ufeff" + valid, "byte order mark");
            case 8 -> new Body(valid + valid, "two documents");
            case 9 -> new Body(valid.replace("\"", "'"), "single quotes");
            case 10 -> new Body("{\"a\":1,}", "trailing comma");
            case 11 -> new Body("/* comment */" + valid, "comment");
            case 12 -> new Body(hostileNumberLiteral(), "number root");
            case 13 -> new Body(hostileStringLiteral(), "string root");
            case 14 -> new Body("{" + manyKeys(50_000) + "}", "50k members");
            default -> new Body(new String(garbage(random.nextInt(1, 4096)), StandardCharsets.ISO_8859_1), "random bytes");
        };
    }

    /** Random bytes, invalid UTF-8 among them (overlong encodings, lone continuation bytes). */
    public byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (length >= 4) {
            bytes[0] = (byte) 0xC0;
            bytes[1] = (byte) 0xAF;
        }
        return bytes;
    }

    private String wrongTypeFor(JsonNode node) {
        if (node.isString()) {
            return pick("1", "true", "{}", "[]", "null", "[\"" + node.asString() + "\"]", "{\"value\":\"x\"}");
        }
        if (node.isNumber()) {
            return pick("\"" + node.asString() + "\"", "\"1e3\"", "true", "[1]", "{}", "null", "\"\"", "1.5");
        }
        if (node.isBoolean()) {
            return pick("\"true\"", "1", "0", "null", "\"yes\"");
        }
        if (node.isArray()) {
            return pick("{}", "\"[]\"", "1", "null", "[]", "[null]", "[1,2,3]", "[[]]");
        }
        if (node.isObject()) {
            return pick("[]", "\"{}\"", "1", "null", "true", "[{}]");
        }
        return pick("1", "\"x\"", "{}", "[]");
    }

    private static void collect(JsonNode node, String path, List<String> paths) {
        if (!path.isEmpty()) {
            paths.add(path);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                collect(member.getValue(), path + "/" + member.getKey().replace("~", "~0").replace("/", "~1"), paths);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "/" + i, paths);
            }
        }
    }

    /** The document with the node at {@code path} replaced by raw JSON text, or removed when {@code raw} is null. */
    private static String replace(JsonNode original, String path, String raw) {
        JsonNode root = original.deepCopy();
        int slash = path.lastIndexOf('/');
        JsonNode parent = root.at(path.substring(0, slash));
        String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            if (raw == null) {
                object.remove(last);
            } else {
                object.set(last, StringNode.valueOf(HOLE));
            }
        } else if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(last);
            if (raw == null) {
                array.remove(index);
            } else {
                array.set(index, StringNode.valueOf(HOLE));
            }
        }
        String json = JSON.writeValueAsString(root);
        return raw == null ? json : json.replace(quote(HOLE), raw);
    }

    // ---------------------------------------------------------------- query parameters

    /** Cursors no listing handed out: random base64, a valid one truncated or tampered with, other encodings. */
    public String badCursor(String valid) {
        String base = valid == null || valid.isEmpty()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(("o1:" + System.currentTimeMillis() * 1000 + ":" + UUID.randomUUID())
                        .getBytes(StandardCharsets.US_ASCII))
                : valid;
        return switch (random.nextInt(14)) {
            case 0 -> Base64.getUrlEncoder().encodeToString(garbage(random.nextInt(1, 64)));
            case 1 -> base.substring(0, Math.max(1, base.length() / 2));
            case 2 -> base.substring(0, base.length() - 1) + (base.endsWith("A") ? "B" : "A");
            case 3 -> Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("o1:" + pick("9223372036854775807", "-9223372036854775808", "99999999999999999999", "abc", "")
                            + ":" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII));
            case 4 -> Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("o1:1:" + pick("not-a-uuid", "", "ffffffff-ffff-ffff-ffff-ffffffffffffff", "١٢٣")).getBytes(StandardCharsets.UTF_8));
            case 5 -> Base64.getUrlEncoder().withoutPadding().encodeToString("x:1:2:3:4".getBytes(StandardCharsets.US_ASCII));
            case 6 -> "%%%";
            case 7 -> "====";
            case 8 -> "a".repeat(20_000);
            case 9 -> Base64.getEncoder().encodeToString(base.getBytes(StandardCharsets.US_ASCII)) + "+/";
            case 10 -> base + "%00";
            case 11 -> "%E2%80%AE" + base;
            case 12 -> Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (pick("o1", "i1", "v0") + ":-1:" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII));
            default -> "null";
        };
    }

    /** Page sizes out of range or not numbers. */
    public String badLimit() {
        return pick("-1", "0", "1e9", "1000000000", "2147483648", "9223372036854775808", "abc", "1.5", "", "%20", "0x10",
                "１０", "NaN", "-0", "101", "10;DROP");
    }

    /** A query parameter value: timestamps, numbers, strings, all hostile, URL-encoded or raw. */
    public String hostileQueryValue() {
        String text = switch (random.nextInt(4)) {
            case 0 -> hostileTimestamp();
            case 1 -> hostileNumberLiteral();
            case 2 -> pick("\u0000", "\ud800", "\u202e", "😀", "ñ", "x".repeat(5000), "../", "%", "%zz", "null", "[]");
            default -> badLimit();
        };
        return random.nextInt(4) == 0 ? rawQuery(text) : encode(text);
    }

    /** Percent-encodes every byte that is not unreserved (lone surrogates become '?', as a client would send). */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", (int) c));
            }
        }
        return out.toString();
    }

    /** Text as a client that does not encode would send it: spaces and controls still must not break the request line. */
    private static String rawQuery(String text) {
        return text.replace(" ", "%20").replace("\r", "%0D").replace("\n", "%0A").replace("#", "%23");
    }

    // ---------------------------------------------------------------- headers

    /** {@code request} with one header trick applied. */
    public HostileRequest headerTrick(HostileRequest request) {
        String type = request.header("Content-Type") == null ? "application/json" : request.header("Content-Type");
        return switch (random.nextInt(26)) {
            case 0 -> request.adding("Content-Type", pick("text/plain", "application/xml")).labelled("duplicate Content-Type");
            case 1 -> request.with("Content-Type", pick("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "*/*", "application/*", "", "json", "application/json, text/plain",
                    "application/problem+json", "application/merge-patch+json", "text/html")).labelled("wrong Content-Type");
            case 2 -> request.with("Content-Type", type + pick("; charset=utf-16", "; charset=UTF-7", "; charset=nonsense",
                    "; charset=\"utf-8", ";;;", "; charset=", "; charset=ISO-8859-1; charset=utf-8", "; boundary=\u00ff"))
                    .labelled("charset trick");
            case 3 -> request.with("Content-Type", null).labelled("no Content-Type");
            case 4 -> request.with("Accept", pick("application/xml", "text/html", "image/png", "*/*;q=abc", ";;;",
                    "application/problem+xml", "text/event-stream", "application/json;q=0")).labelled("odd Accept");
            case 5 -> request.with("Authorization", pick("Bearer", "Bearer ", "Bearer " + "a".repeat(6000), "Basic !!!",
                    "Basic " + Base64.getEncoder().encodeToString(":".getBytes(StandardCharsets.US_ASCII)), "Bearer a.b.c",
                    "Bearer eyJhbGciOiJub25lIn0.e30.", "Negotiate abc", "bearer lp_live_x", "Bearer lp_live_" + "0".repeat(32),
                    "Bearer \u00ff\u00fe", "Bearer ñ", "Digest username=\"a\"")).labelled("Authorization garbage");
            case 6 -> request.adding("Authorization", "Bearer lp_live_" + "1".repeat(32)).labelled("second Authorization");
            case 7 -> request.with("Idempotency-Key", pick("k".repeat(10 * 1024), "with space", "ñandú", "", "\t",
                    "k".repeat(256), UUID.randomUUID() + "\u00a0")).labelled("Idempotency-Key trick");
            case 8 -> request.with("X-Forwarded-For", pick("127.0.0.1", "::1, 10.0.0.1", "garbage", "1.1.1.1, ".repeat(500) + "2.2.2.2",
                    "999.999.999.999", "[::1]:80", "unknown", "")).labelled("X-Forwarded-For spoofing");
            case 9 -> request.with("X-Forwarded-Host", pick("evil.example", "localhost:-1", "a".repeat(300), "evil.example:99999"))
                    .with("X-Forwarded-Proto", pick("https", "gopher", "javascript", "")).labelled("X-Forwarded-Host spoofing");
            case 10 -> request.with("X-Forwarded-Prefix", pick("/../api/admin", "//evil.example", "/%2e%2e", "\u00ff"))
                    .labelled("X-Forwarded-Prefix");
            case 11 -> request.with("X-Original-URL", "/api/admin/stores").with("X-Rewrite-URL", "/api/admin/stores")
                    .labelled("X-Original-URL");
            case 12 -> request.with("X-HTTP-Method-Override", pick("DELETE", "PUT", "TRACE", "CONNECT")).labelled("method override");
            case 13 -> request.with("X-Request-Id", pick("x".repeat(5000), "bad id", "\u00ff", "../../", "")).labelled("X-Request-Id trick");
            case 14 -> request.with("X-Huge", "h".repeat(pick(9 * 1024, 20 * 1024, 70 * 1024))).labelled("huge header");
            case 15 -> {
                HostileRequest many = request;
                for (int i = 0; i < 150; i++) {
                    many = many.adding("X-Many-" + i, "v");
                }
                yield many.labelled("150 headers");
            }
            case 16 -> request.with("Content-Length", pick("-1", "abc", "99999999999999999999", "1e3"))
                    .labelled("bad Content-Length");
            case 17 -> request.adding("Content-Length", Integer.toString(request.body().length))
                    .adding("Content-Length", Integer.toString(request.body().length + 1)).labelled("two Content-Lengths");
            case 18 -> request.with("Forwarded", pick("for=\"[::1]\";proto=gopher;host=evil.example", "for=unknown;;;", "by=;for="))
                    .labelled("Forwarded");
            case 19 -> request.with("Content-Encoding", pick("gzip", "br", "deflate", "identity, gzip")).labelled("Content-Encoding");
            case 20 -> request.with("Expect", pick("100-continue", "200-ok")).labelled("Expect");
            case 21 -> request.with("Origin", pick("http://evil.example", "null", "file://")).labelled("Origin");
            case 22 -> request.with("Range", pick("bytes=0-1", "bytes=-1", "bytes=99999999999999999999-")).labelled("Range");
            case 23 -> request.with("If-None-Match", "*").with("If-Modified-Since", pick("yesterday", "Thu, 01 Jan 1970 00:00:00 GMT"))
                    .labelled("conditional headers");
            case 24 -> request.with("Accept-Charset", pick("utf-16", "nonsense")).with("Accept-Language", "x".repeat(2000))
                    .labelled("Accept-Charset");
            default -> request.with("Cookie", "JSESSIONID=" + "a".repeat(100) + "; x=\u00ff").labelled("cookie");
        };
    }

    // ---------------------------------------------------------------- paths

    /** {@code path} (a path without query) with one path trick applied. */
    public String pathTrick(String path) {
        int slash = path.lastIndexOf('/');
        String parent = slash <= 0 ? "" : path.substring(0, slash);
        String last = path.substring(slash + 1);
        return switch (random.nextInt(30)) {
            case 0 -> path + "/..;/";
            case 1 -> parent + "/..;/" + last;
            case 2 -> path + "/%2e%2e/";
            case 3 -> path + "/%2e%2e%2f" + last;
            case 4 -> parent + "%2F" + last;
            case 5 -> "/" + path.replace("/", "//");
            case 6 -> path + ";jsessionid=x";
            case 7 -> parent + ";x=y/" + last;
            case 8 -> path + ".";
            case 9 -> path + "..";
            case 10 -> path + "/.";
            case 11 -> parent + "/./" + last;
            case 12 -> path + "/";
            case 13 -> path.toUpperCase(java.util.Locale.ROOT);
            case 14 -> path + "%00";
            case 15 -> path + "%ZZ";
            case 16 -> path + "%";
            case 17 -> parent + "/" + pick("ñ", "😀", "\u202e", "١٢٣", "\u00a0", "é") + last;
            case 18 -> parent + "/%C0%AE%C0%AE/" + last;
            case 19 -> parent + "/" + pick("9223372036854775808", "-1", "0", "1e400", "99999999999999999999999999999");
            case 20 -> parent + "/" + "f".repeat(pick(300, 5000));
            case 21 -> path.replace("/", "\\");
            case 22 -> path + "%5c..%5c";
            case 23 -> "/%2e" + path;
            case 24 -> path + "#fragment";
            case 25 -> parent + "/" + UUID.randomUUID().toString().replace("-", "").toUpperCase(java.util.Locale.ROOT);
            case 26 -> parent + "/" + pick("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                    "{" + UUID.randomUUID() + "}", UUID.randomUUID() + "x", "g0000000-0000-0000-0000-000000000000");
            case 27 -> path + "%20";
            case 28 -> path + "/" + "%2e".repeat(3);
            default -> path + "?" + "a=1&".repeat(2000);
        };
    }
}
