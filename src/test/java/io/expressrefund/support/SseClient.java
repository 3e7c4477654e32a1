package io.expressrefund.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client as an ERP would run one: it reads event ids as they come, and can go away. */
public final class SseClient implements AutoCloseable {
    private final BlockingQueue<String> ids = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final Stream<String> lines;

    private SseClient(Stream<String> lines) {
        this.lines = lines;
        this.reader = new Thread(() -> {
            try {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("id:")) {
                        ids.add(line.substring(3).strip());
                    }
                }
            } catch (RuntimeException e) {
                // closed
            }
        }, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static SseClient connect(String uri, String token, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the stream answered " + response.statusCode());
        }
        return new SseClient(response.body());
    }

    /** The next ids received, waiting up to the given seconds for them. */
    public List<String> take(int count, int seconds) throws InterruptedException {
        List<String> taken = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (taken.size() < count) {
            String id = ids.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (id == null) {
                break;
            }
            taken.add(id);
        }
        return taken;
    }

    /** Ids received and not yet taken, after waiting a little for stragglers. */
    public List<String> rest(int millis) throws InterruptedException {
        Thread.sleep(millis);
        List<String> rest = new ArrayList<>();
        ids.drainTo(rest);
        return rest;
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
