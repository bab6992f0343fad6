package com.litper.common.testing.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One request as it goes on the wire: method, request target (path and query, sent byte for byte),
 * header lines (repeats allowed, in order) and body, with a label saying what was done to it.
 *
 * @param method HTTP method
 * @param target the request target exactly as sent
 * @param headers header lines as name and value, duplicates kept
 * @param body body bytes, empty for none
 * @param label what is hostile about the request, for failure messages
 */
public record HostileRequest(String method, String target, List<Header> headers, byte[] body, String label) {

    /** One header line. */
    public record Header(String name, String value) {
    }

    public HostileRequest {
        headers = List.copyOf(headers);
    }

    public static HostileRequest of(String method, String target, String label) {
        return new HostileRequest(method, target, List.of(), new byte[0], label);
    }

    public HostileRequest withBody(String contentType, String text) {
        return withBody(contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    public HostileRequest withBody(String contentType, byte[] bytes) {
        return new HostileRequest(method, target, replacing("Content-Type", contentType), bytes, label);
    }

    /** Sets a header, replacing any of that name; a null value removes it. */
    public HostileRequest with(String name, String value) {
        return new HostileRequest(method, target, replacing(name, value), body, label);
    }

    /** Adds a header line, keeping those of the same name. */
    public HostileRequest adding(String name, String value) {
        List<Header> all = new ArrayList<>(headers);
        all.add(new Header(name, value));
        return new HostileRequest(method, target, all, body, label);
    }

    public HostileRequest withTarget(String newTarget) {
        return new HostileRequest(method, newTarget, headers, body, label);
    }

    public HostileRequest labelled(String more) {
        return new HostileRequest(method, target, headers, body, label.isEmpty() ? more : label + "; " + more);
    }

    public String header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst().orElse(null);
    }

    private List<Header> replacing(String name, String value) {
        List<Header> all = new ArrayList<>(headers.stream().filter(h -> !h.name().equalsIgnoreCase(name)).toList());
        if (value != null) {
            all.add(new Header(name, value));
        }
        return all;
    }

    /** Method, target, the hostile part and a short excerpt of the body: enough to recognise it in a replay. */
    public String describe() {
        StringBuilder text = new StringBuilder(method).append(' ').append(excerpt(target, 160));
        text.append(" [").append(label).append(']');
        List<Header> shown = headers.stream().filter(h -> !h.name().equalsIgnoreCase("Authorization")).toList();
        for (Header header : shown.subList(0, Math.min(8, shown.size()))) {
            text.append("\n    ").append(header.name()).append(": ").append(excerpt(header.value(), 120));
        }
        if (shown.size() > 8) {
            text.append("\n    …and ").append(shown.size() - 8).append(" more headers");
        }
        if (body.length > 0) {
            text.append("\n    body (").append(body.length).append(" bytes): ")
                    .append(excerpt(new String(body, StandardCharsets.UTF_8), 240));
        }
        return text.toString();
    }

    static String excerpt(String text, int max) {
        String shown = text.length() <= max ? text : text.substring(0, max) + "…(" + text.length() + " chars)";
        StringBuilder visible = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F || (c >= 0xD800 && c <= 0xDFFF)) {
                visible.append(String.format("\\u%04x", c));
            } else {
                visible.appendCodePoint(c);
            }
        });
        return visible.toString();
    }
}
