package io.expressrefund.console;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.expressrefund.problem.FieldViolation;
import io.expressrefund.problem.InvalidRequestException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;

/** Sets the CSRF cookie when a page issued a new token, and shows console errors as pages. */
public class ConsoleFilters {
    @Inject
    Csrf csrf;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance error(int status, String message);
    }

    /**
     * Runs on every answer of the service (a response filter is global), so it looks at the path first: an API
     * call such as /evaluate must not pay for a request-scoped Csrf and the parsing of its cookies.
     */
    @ServerResponseFilter
    public void csrfCookie(HttpServerRequest request, ContainerResponseContext response) {
        if (!request.path().startsWith("/console")) {
            return;
        }
        String issued = csrf.issued();
        if (issued != null) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, new NewCookie.Builder(Csrf.COOKIE).value(issued)
                    .path("/console").httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build());
        }
    }

    @ServerExceptionMapper
    public Response page(ConsoleException e) {
        return errorPage(e.status(), e.getMessage());
    }

    /** An error as a console page; the console's resources use it for what the API answers as problem+json. */
    static Response errorPage(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(Templates.error(status, message).render()).build();
    }

    static Response invalid(InvalidRequestException e) {
        FieldViolation first = e.violations().get(0);
        return errorPage(400, first.field() + " " + first.message());
    }
}
