package io.expressrefund.events;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Keeps out of the log the ERROR that Quarkus REST writes when an event or heartbeat could not reach an SSE client
 * that had just gone ("Exception in SSE server handling, impossible to send it to client", with the closed channel
 * or the reset connection as its cause). A client that leaves is ordinary, and an ERROR is what operators alert
 * on: 3,000 clients leaving at once logged some 2,000 of them with their stack traces. The stream ends and frees
 * its waiter either way. Any other error of SSE handling is kept.
 */
@LoggingFilter(name = ClientGoneLogFilter.NAME)
public final class ClientGoneLogFilter implements Filter {
    public static final String NAME = "sse-client-gone";
    static final String SSE_HANDLER = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(SSE_HANDLER.equals(record.getLoggerName()) && clientGone(record.getThrown()));
    }

    private static boolean clientGone(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClosedChannelException || isReset(cause)) {
                return true;
            }
        }
        return false;
    }

    /** The connection reset by the peer: a plain IOException, told only by its message (the OS's wording). */
    private static boolean isReset(Throwable cause) {
        return cause.getClass() == IOException.class && cause.getMessage() != null
                && (cause.getMessage().contains("Connection reset") || cause.getMessage().contains("Broken pipe"));
    }
}
