package com.litper.embedded;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One Redis command over a fresh socket, for the tools that drive the embedded servers (which
 * Redis is master, which process it is). The test tooling has no Redis client of its own, and
 * these few RESP frames do not justify one.
 */
public final class RedisCommands {

    private RedisCommands() {
    }

    /**
     * Sends {@code arguments} to the server on {@code port} and returns its answer flattened to
     * strings: one element for a simple string, bulk string or integer, the elements of an array.
     *
     * @throws IOException when the server does not answer within two seconds or answers an error
     */
    public static List<String> run(int port, String... arguments) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            StringBuilder frame = new StringBuilder("*").append(arguments.length).append("\r\n");
            for (String argument : arguments) {
                byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
                frame.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
            }
            out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            List<String> answer = new ArrayList<>();
            read(new BufferedInputStream(socket.getInputStream()), answer);
            return answer;
        }
    }

    private static void read(InputStream in, List<String> into) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+', ':' -> into.add(line);
            case '-' -> throw new IOException("Redis answered an error: " + line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    into.add(null);
                    return;
                }
                byte[] bytes = in.readNBytes(length + 2);
                into.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                for (int i = 0; i < count; i++) {
                    read(in, into);
                }
            }
            default -> throw new IOException("Not a RESP answer: " + (char) type + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            bytes.write(b);
        }
        in.read();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The process id of the Redis server on {@code port}, from its {@code INFO server}. */
    public static long processId(int port) throws IOException {
        String info = run(port, "INFO", "server").get(0);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("process_id:")) {
                return Long.parseLong(line.substring("process_id:".length()).trim());
            }
        }
        throw new IOException("Redis on port " + port + " did not say its process id");
    }
}
