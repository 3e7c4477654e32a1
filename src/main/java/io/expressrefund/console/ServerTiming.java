package io.expressrefund.console;

import java.util.Locale;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every console answer says how long the service took to make it: {@code Server-Timing: app;dur=12.3}
 * (milliseconds, from the request's first handler to its headers, so the session check, the page's queries and
 * the template's rendering are in it). Browsers' developer tools show it; {@code bench/console.sh} reads it.
 */
@Singleton
public class ServerTiming {
    static final String HEADER = "Server-Timing";

    void register(@Observes Router router) {
        router.route("/console/*").order(Integer.MIN_VALUE).handler(ServerTiming::time);
    }

    private static void time(RoutingContext context) {
        long started = System.nanoTime();
        context.addHeadersEndHandler(done -> context.response().headers().set(HEADER,
                String.format(Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - started) / 1e6)));
        context.next();
    }
}
