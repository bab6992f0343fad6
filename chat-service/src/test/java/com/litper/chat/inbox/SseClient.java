package com.litper.chat.inbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A Server-Sent Events client for tests: reads a stream on a thread of its own and keeps every event. */
final class SseClient implements AutoCloseable {

    /** One event as the stream sent it. */
    record Event(String id, String name, String data) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        try {
            return new SseClient(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** Whether the server ended the stream. */
    boolean ended() {
        return !reader.isAlive();
    }

    List<Event> named(String name) {
        return events.stream().filter(e -> name.equals(e.name())).toList();
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (name != null || !data.isEmpty()) {
                        events.add(new Event(id, name == null ? "message" : name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
                }
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            // closed
        }
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
