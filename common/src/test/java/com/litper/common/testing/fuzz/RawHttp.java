package com.litper.common.testing.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP/1.1 client over a plain socket that sends a {@link HostileRequest} exactly as built:
 * targets no URI class would accept, repeated headers, header values with any bytes. One request
 * per connection ({@code Connection: close}), so the response ends where the stream does.
 */
public final class RawHttp {

    private final String host;
    private final int port;
    private final Duration timeout;

    public RawHttp(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    public static RawHttp localhost(int port) {
        return new RawHttp("127.0.0.1", port, Duration.ofSeconds(30));
    }

    /** A response: status, header lines, body (de-chunked). */
    public record Response(int status, List<HostileRequest.Header> headers, byte[] body) {

        public String header(String name) {
            return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(HostileRequest.Header::value).findFirst().orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public Response send(HostileRequest request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            // Header bytes as given: UTF-8 for text beyond Latin-1 is itself one of the tricks.
            head.writeBytes((request.method() + " " + request.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
            head.writeBytes(("Host: " + host + ":" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            for (HostileRequest.Header header : request.headers()) {
                head.writeBytes((header.name() + ": " + header.value() + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            boolean declaresLength = request.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase("Content-Length")
                    || h.name().equalsIgnoreCase("Transfer-Encoding"));
            if (!declaresLength && (request.body().length > 0 || !request.method().equals("GET"))) {
                head.writeBytes(("Content-Length: " + request.body().length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toByteArray());
                out.write(request.body());
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 400) and close before reading all of the body: read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        int start = 0;
        int end;
        int status;
        String[] lines;
        do {
            end = indexOf(all, start, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                throw new IOException("The server closed the connection without a complete response ("
                        + all.length + " bytes: " + HostileRequest.excerpt(new String(all, StandardCharsets.ISO_8859_1), 200) + ")");
            }
            lines = new String(all, start, end - start, StandardCharsets.ISO_8859_1).split("\r\n");
            status = Integer.parseInt(lines[0].split(" ", 3)[1]);
            // An interim answer (100 Continue) comes before the real one.
            start = end + 4;
        } while (status < 200);
        List<HostileRequest.Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(new HostileRequest.Header(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        boolean chunked = headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Transfer-Encoding")
                && h.value().toLowerCase(Locale.ROOT).contains("chunked"));
        return new Response(status, headers, chunked ? dechunk(body) : body);
    }

    private static byte[] dechunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, at, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                throw new IOException("Truncated chunked response");
            }
            String sizeText = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
