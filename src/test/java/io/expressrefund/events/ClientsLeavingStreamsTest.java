package io.expressrefund.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * ERPs that go away while their stream is being written to (here: hundreds at once, each resetting its
 * connection, with a heartbeat every few milliseconds so that writes are always on their way) make Quarkus REST
 * raise an ERROR per write it could not finish. The console, where operators' alerts read, gets none of them;
 * a genuine error of SSE handling still gets through.
 */
@QuarkusTest
@TestProfile(ClientsLeavingStreamsTest.BusyStreams.class)
class ClientsLeavingStreamsTest {
    private static final int CLIENTS = 200;

    public static class BusyStreams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("refund.events.heartbeat", "5ms", "refund.events.max-waiting-per-caller", Integer.toString(CLIENTS));
        }
    }

    @TestHTTPResource("/")
    URI root;

    @Inject
    WaitingLimits limits;

    @Test
    void clientsThatLeaveLogNoError() throws Exception {
        List<LogRecord> raised = new CopyOnWriteArrayList<>();
        Logger sseHandler = Logger.getLogger(ClientGoneLogFilter.SSE_HANDLER);
        Handler collect = new Handler() {
            @Override
            public void publish(LogRecord record) {
                raised.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        sseHandler.addHandler(collect);
        try {
            for (int round = 0; round < 5 && raised.isEmpty(); round++) {
                openAndReset(CLIENTS);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> limits.waiting() == 0);
            }
        } finally {
            sseHandler.removeHandler(collect);
        }
        assertFalse(raised.isEmpty(), "no write to a client that had left failed: nothing here tests the console");

        Filter console = consoleFilter();
        for (LogRecord record : raised) {
            assertFalse(console.isLoggable(record),
                    () -> "reached the console: " + record.getLevel() + " " + record.getMessage() + ": " + record.getThrown());
        }
        LogRecord genuine = new LogRecord(Level.SEVERE, "Exception in SSE server handling, impossible to send it to client");
        genuine.setLoggerName(ClientGoneLogFilter.SSE_HANDLER);
        genuine.setThrown(new IllegalStateException("an event could not be written as JSON"));
        assertTrue(console.isLoggable(genuine), "a genuine error of SSE handling was kept from the console");
    }

    /** Opens streams of one shop as an ERP does, reads their first bytes, then resets every connection at once. */
    private void openAndReset(int clients) throws IOException {
        String credentials = Base64.getEncoder().encodeToString("merchant-s1:merchant-secret".getBytes(StandardCharsets.UTF_8));
        byte[] request = ("GET /api/v1/shops/S-1/refund-events/stream HTTP/1.1\r\nHost: " + root.getHost()
                + "\r\nAuthorization: Basic " + credentials + "\r\nAccept: text/event-stream\r\nLast-Event-ID: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Socket socket = new Socket(root.getHost(), root.getPort());
                sockets.add(socket);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
            }
            for (Socket socket : sockets) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                byte[] head = in.readNBytes(12);
                String status = new String(head, StandardCharsets.US_ASCII);
                if (!status.equals("HTTP/1.1 200")) {
                    throw new IllegalStateException("a stream answered " + status);
                }
            }
        } finally {
            for (Socket socket : sockets) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
        }
    }

    /** The filter Quarkus put on the console handler, found among the root logger's handlers. */
    private static Filter consoleFilter() {
        List<Handler> handlers = new ArrayList<>(List.of(LogContext.getLogContext().getLogger("").getHandlers()));
        for (int i = 0; i < handlers.size(); i++) {
            Handler handler = handlers.get(i);
            if (handler instanceof ConsoleHandler) {
                assertNotNull(handler.getFilter(), "the console handler has no filter");
                return handler.getFilter();
            }
            if (handler instanceof ExtHandler ext) {
                handlers.addAll(List.of(ext.getHandlers()));
            }
        }
        throw new AssertionError("no console handler among " + handlers);
    }
}
