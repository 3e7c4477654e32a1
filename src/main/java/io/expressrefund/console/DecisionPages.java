package io.expressrefund.console;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.decision.DecisionPage;
import io.expressrefund.decision.DecisionService;
import io.expressrefund.decision.RecordedDecision;
import io.expressrefund.platform.PlatformConfig;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.security.Roles;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Operators: recorded decisions searched and paged, and one decision with everything that was posted and decided. */
@Path("/console/decisions")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.RULES_ADMIN)
public class DecisionPages {
    private static final int PAGE = 25;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance decisions(DecisionSearch search, List<RecordedDecision> items, String nextCursor,
                String error);

        static native TemplateInstance decision(RecordedDecision decision, String request);
    }

    private final DecisionService decisions;
    private final PlatformConfig platform;
    private final ObjectMapper json;

    public DecisionPages(DecisionService decisions, PlatformConfig platform, ObjectMapper json) {
        this.decisions = decisions;
        this.platform = platform;
        this.json = json;
    }

    @GET
    public Response search(@QueryParam("refundId") String refundId, @QueryParam("shopId") String shopId,
            @QueryParam("outcome") String outcome, @QueryParam("path") String path, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("cursor") String cursor) {
        DecisionSearch search = new DecisionSearch(refundId, shopId, outcome, path, from, to);
        if (DecisionSearch.blank(refundId) != null) {
            return Response.seeOther(URI.create("/console/decisions/" + java.net.URLEncoder.encode(refundId.strip(),
                    java.nio.charset.StandardCharsets.UTF_8))).build();
        }
        try {
            DecisionPage page = decisions.list(search.filter(platform.zone(), PAGE, cursor));
            return Response.ok(Templates.decisions(search, page.items(), page.nextCursor(), null)).build();
        } catch (InvalidRequestException e) {
            var first = e.violations().get(0);
            return Response.status(400).entity(Templates.decisions(search, List.of(), null, first.field() + " " + first.message()))
                    .build();
        }
    }

    @GET
    @Path("/{refundId}")
    public TemplateInstance decision(@PathParam("refundId") String refundId) {
        RecordedDecision decision = decisions.find(refundId)
                .orElseThrow(() -> ConsoleException.notFound("The decision " + refundId));
        try {
            return Templates.decision(decision, json.writerWithDefaultPrettyPrinter().writeValueAsString(decision.request()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a recorded request cannot be written as JSON", e);
        }
    }

    @ServerExceptionMapper
    Response notAllowed(io.quarkus.security.ForbiddenException e) {
        return ConsoleFilters.errorPage(403, "This page is for operators.");
    }

    @ServerExceptionMapper
    Response invalid(io.expressrefund.problem.InvalidRequestException e) {
        return ConsoleFilters.invalid(e);
    }
}
