package io.expressrefund.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/** Sets the CSRF cookie when a page issued a new token, and shows console errors as pages. */
public class ConsoleFilters {
    @Inject
    Csrf csrf;

    @Inject
    @Location("console/error.html")
    Template error;

    @ServerResponseFilter
    public void csrfCookie(ContainerResponseContext response) {
        String issued = csrf.issued();
        if (issued != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(Csrf.COOKIE).value(issued)
                    .path("/console").httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build());
        }
    }

    @ServerExceptionMapper
    public Response page(ConsoleException e) {
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(error.data("status", e.status()).data("message", e.getMessage()).render()).build();
    }
}
