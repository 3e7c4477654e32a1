package io.expressrefund.console;

import java.net.URI;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/** The console's entry: login, the landing page for each role, logout. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {
    /** The cookie of Quarkus form authentication (quarkus.http.auth.form.cookie-name). */
    static final String SESSION_COOKIE = "quarkus-credential";

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance login(boolean error, boolean loggedOut);
    }

    private final SecurityIdentity identity;
    private final Caller caller;
    private final Csrf csrf;

    public ConsolePages(SecurityIdentity identity, Caller caller, Csrf csrf) {
        this.identity = identity;
        this.caller = caller;
        this.csrf = csrf;
    }

    @GET
    @Path("/login")
    @PermitAll
    public TemplateInstance login(@QueryParam("error") boolean error, @QueryParam("out") boolean loggedOut) {
        return Templates.login(error, loggedOut);
    }

    /** Operators land on the rules, merchants on their first shop. */
    @GET
    @Authenticated
    public Response home() {
        if (identity.hasRole(Roles.RULES_ADMIN)) {
            return Response.seeOther(URI.create("/console/rules")).build();
        }
        if (!caller.shops().isEmpty()) {
            return Response.seeOther(URI.create("/console/shops/" + caller.shops().iterator().next())).build();
        }
        throw new ConsoleException(403, "The console is for operators and merchants; " + caller.name() + " is neither.");
    }

    /** Ends the browser's session: the credential cookie is removed. */
    @POST
    @Path("/logout")
    @Authenticated
    public Response logout(@FormParam(Csrf.FIELD) String token) {
        csrf.check(token);
        return Response.seeOther(URI.create("/console/login?out=true"))
                .header(HttpHeaders.SET_COOKIE, expired(SESSION_COOKIE))
                .header(HttpHeaders.SET_COOKIE, expired(Csrf.COOKIE)).build();
    }

    private static NewCookie expired(String name) {
        return new NewCookie.Builder(name).value("").path("/console").maxAge(0)
                .httpOnly(true).sameSite(NewCookie.SameSite.STRICT).build();
    }
}
