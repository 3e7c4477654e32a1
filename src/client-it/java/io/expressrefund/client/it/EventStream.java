package io.expressrefund.client.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.client.ApiClient;
import io.expressrefund.client.model.RefundEvent;

/**
 * A refund-event stream opened by the generated client's {@code streamRefundEvents} and read as Server-Sent
 * Events. The generated method would read the whole body as one JSON value, which a stream never ends: its
 * response interceptor takes the answer over as soon as its headers arrive ({@link Opened}), and this class
 * reads the body line by line ({@code id:}, {@code event:}, {@code data:}, comments, a blank line ending each
 * event), mapping each event's data with the generated {@link RefundEvent} and the client's ObjectMapper.
 */
final class EventStream implements AutoCloseable {
    /** One event as sent: its id, its name and its data. */
    record Event(String id, String name, String data) {
    }

    /** Thrown by the response interceptor to take over a stream the generated method would try to read whole. */
    static final class Opened extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient HttpResponse<InputStream> response;

        Opened(HttpResponse<InputStream> response) {
            super("the stream opened", null, false, false);
            this.response = response;
        }
    }

    private final HttpResponse<InputStream> response;
    private final InputStream body;
    private final ObjectMapper mapper;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();

    EventStream(HttpResponse<InputStream> response, ObjectMapper mapper) throws IOException {
        this.response = response;
        this.body = ApiClient.getResponseBody(response);
        this.mapper = mapper;
        Thread reader = new Thread(this::read, "client-it-sse");
        reader.setDaemon(true);
        reader.start();
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    /** The next {@code count} events, waiting up to {@code seconds} for them all. */
    List<Event> take(int count, int seconds) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (taken.size() < count) {
            Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            taken.add(event);
        }
        return taken;
    }

    /** An event's data as the document describes it. */
    RefundEvent data(Event event) throws IOException {
        return mapper.readValue(event.data(), RefundEvent.class);
    }

    /** Comment lines received so far (the service's "connected" and heartbeats). */
    int comments() {
        return comments.get();
    }

    @Override
    public void close() throws IOException {
        body.close();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, name == null ? "message" : name, data.toString()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) {
                        value = value.substring(1);
                    }
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> name = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> {
                            // retry and unknown fields: nothing to keep
                        }
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }
}
