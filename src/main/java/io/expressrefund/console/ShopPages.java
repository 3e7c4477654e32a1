package io.expressrefund.console;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;

import io.smallrye.mutiny.Multi;

import io.expressrefund.decision.DecisionFilter;
import io.expressrefund.decision.DecisionPage;
import io.expressrefund.decision.DecisionService;
import io.expressrefund.decision.PageCursor;
import io.expressrefund.events.EventStreamer;
import io.expressrefund.problem.FieldViolation;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.rules.facts.DecisionPath;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;
import io.expressrefund.strategy.StrategyRequest;
import io.expressrefund.strategy.StrategyService;
import io.expressrefund.strategy.StrategyView;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Merchants, their own shops only: the strategy, the express refunds, and the live feed of automatic refunds. */
@Path("/console/shops/{shopId}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.MERCHANT)
public class ShopPages {
    private static final int PAGE = 25;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance strategy(String shopId, Set<String> shops, StrategyView saved, StrategyForm form,
                boolean done);

        static native TemplateInstance express(String shopId, Set<String> shops, List<io.expressrefund.decision.RecordedDecision> items,
                String nextCursor);

        static native TemplateInstance live(String shopId, Set<String> shops);
    }

    private final StrategyService strategies;
    private final DecisionService decisions;
    private final EventStreamer streamer;
    private final Validator validator;
    private final Caller caller;
    private final Csrf csrf;

    public ShopPages(StrategyService strategies, DecisionService decisions, EventStreamer streamer, Validator validator,
            Caller caller, Csrf csrf) {
        this.strategies = strategies;
        this.decisions = decisions;
        this.streamer = streamer;
        this.validator = validator;
        this.caller = caller;
        this.csrf = csrf;
    }

    @GET
    public TemplateInstance strategy(@PathParam("shopId") String shopId) {
        mine(shopId);
        StrategyView saved = strategies.find(shopId).orElse(null);
        return Templates.strategy(shopId, caller.shops(), saved, StrategyForm.of(saved), false);
    }

    /** Saves through the same validation as the API; each error is shown at its field. */
    @POST
    public Response save(@PathParam("shopId") String shopId, @FormParam(Csrf.FIELD) String token,
            @FormParam("enabled") String enabled, @FormParam("maxRefundAmount") String maxRefundAmount,
            @FormParam("dailyLimit") String dailyLimit, @FormParam("dailyAmountLimit") String dailyAmountLimit) {
        mine(shopId);
        csrf.check(token);
        StrategyForm form = new StrategyForm(enabled != null, maxRefundAmount, dailyLimit, dailyAmountLimit, Map.of());
        Map<String, String> errors = new TreeMap<>();
        StrategyRequest request = form.request(errors);
        for (ConstraintViolation<StrategyRequest> violation : validator.validate(request)) {
            errors.putIfAbsent(violation.getPropertyPath().toString(), violation.getMessage());
        }
        if (errors.isEmpty()) {
            try {
                StrategyView saved = strategies.save(shopId, request, caller.name()).strategy();
                return Response.ok(Templates.strategy(shopId, caller.shops(), saved, StrategyForm.of(saved), true)).build();
            } catch (InvalidRequestException e) {
                for (FieldViolation violation : e.violations()) {
                    errors.putIfAbsent(violation.field(), violation.message());
                }
            }
        }
        StrategyView saved = strategies.find(shopId).orElse(null);
        return Response.status(422).entity(Templates.strategy(shopId, caller.shops(), saved, form.withErrors(errors), false))
                .build();
    }

    @GET
    @Path("/express")
    public TemplateInstance express(@PathParam("shopId") String shopId, @QueryParam("cursor") String cursor) {
        mine(shopId);
        DecisionPage page = decisions.list(new DecisionFilter(shopId, DecisionPath.EXPRESS_REFUND, null, null, null, PAGE,
                cursor == null || cursor.isBlank() ? null : PageCursor.decode(cursor)));
        return Templates.express(shopId, caller.shops(), page.items(), page.nextCursor());
    }

    @GET
    @Path("/live")
    public TemplateInstance live(@PathParam("shopId") String shopId) {
        mine(shopId);
        return Templates.live(shopId, caller.shops());
    }

    /** The shop's refund events, as on the API's stream, for the live page (same session as the pages). */
    @GET
    @Path("/live/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> stream(@PathParam("shopId") String shopId, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        mine(shopId);
        long after = 0;
        if (lastEventId != null && lastEventId.strip().matches("[0-9]{1,18}")) {
            after = Long.parseLong(lastEventId.strip());
        }
        return streamer.stream(caller.name(), shopId, after, sse);
    }

    private void mine(String shopId) {
        if (!caller.shops().contains(shopId)) {
            throw ConsoleException.notYourShop();
        }
    }

    @ServerExceptionMapper
    Response notAllowed(io.quarkus.security.ForbiddenException e) {
        return ConsoleFilters.errorPage(403, "This page is for merchants.");
    }

    @ServerExceptionMapper
    Response invalid(io.expressrefund.problem.InvalidRequestException e) {
        return ConsoleFilters.invalid(e);
    }
}
