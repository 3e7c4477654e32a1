package io.expressrefund.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class ClientGoneLogFilterTest {
    private final ClientGoneLogFilter filter = new ClientGoneLogFilter();

    @Test
    void aWriteToAClientThatLeftIsKeptOut() {
        assertFalse(filter.isLoggable(sse(new ClosedChannelException() {
        })), "a subclass, as Netty's StacklessClosedChannelException");
        assertFalse(filter.isLoggable(sse(new IOException("Connection reset by peer"))));
        assertFalse(filter.isLoggable(sse(new IOException("Broken pipe"))));
        assertFalse(filter.isLoggable(sse(new UncheckedIOException(new IOException("Connection reset by peer")))),
                "the cause of a wrapper");
    }

    @Test
    void everythingElseIsKept() {
        assertTrue(filter.isLoggable(sse(new IllegalStateException("an event could not be written as JSON"))));
        assertTrue(filter.isLoggable(sse(new IOException("No space left on device"))));
        assertTrue(filter.isLoggable(sse(null)));
        LogRecord elsewhere = new LogRecord(Level.SEVERE, "a database connection was closed");
        elsewhere.setLoggerName("io.expressrefund.decision.DecisionRecorder");
        elsewhere.setThrown(new ClosedChannelException());
        assertTrue(filter.isLoggable(elsewhere), "the same exception from another logger");
    }

    private static LogRecord sse(Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "Exception in SSE server handling, impossible to send it to client");
        record.setLoggerName(ClientGoneLogFilter.SSE_HANDLER);
        record.setThrown(thrown);
        return record;
    }
}
