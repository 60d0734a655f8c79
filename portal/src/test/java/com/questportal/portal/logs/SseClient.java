package com.questportal.portal.logs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Server-Sent Events client for tests, as a script would follow the tail: the stream is read on its own thread into a
 * queue; the test takes events from the queue on its own thread, where its assertions run.
 */
final class SseClient implements AutoCloseable {

    /** One event: its name, its id (null when it had none) and its data. */
    record Event(String name, String id, String data) {
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    SseClient(URI url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            lines = answer.body();
            String[] current = new String[3];
            StringBuilder data = new StringBuilder();
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (current[0] != null || !data.isEmpty()) {
                        events.add(new Event(current[0] == null ? "message" : current[0], current[1], data.toString()));
                    }
                    current[0] = null;
                    current[1] = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    current[0] = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    current[1] = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
                }
            });
        });
    }

    int status() throws Exception {
        return status(Duration.ofSeconds(10));
    }

    int status(Duration wait) throws Exception {
        return response.get(wait.toMillis(), TimeUnit.MILLISECONDS).statusCode();
    }

    /** The next event within {@code wait}, or null. */
    Event next(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event named {@code name} within {@code wait} (others are passed over), or null. */
    Event next(String name, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        Event event;
        while ((event = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null) {
            if (event.name().equals(name)) {
                return event;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        response.cancel(true);
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
    }
}
