package io.expressrefund.console;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.platform.Identifiers;
import io.expressrefund.problem.InvalidRequestException;
import io.expressrefund.problem.ProblemException;
import io.expressrefund.replay.ReplayChanges;
import io.expressrefund.replay.ReplayRequest;
import io.expressrefund.replay.ReplayService;
import io.expressrefund.replay.ReplaySummary;
import io.expressrefund.replay.ReplayView;
import io.expressrefund.rules.RuleService;
import io.expressrefund.rules.RulesRejectedException;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Operators: a draft replayed against recorded decisions, its progress, its charts and its changed decisions. */
@Path("/console/rules/replays")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.RULES_ADMIN)
public class ReplayPages {
    private static final int CHANGES_PER_PAGE = 50;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance replay(ReplayView job, List<BarChart> charts, ReplayChanges changes, String cursor);

        static native TemplateInstance replays(List<ReplayView> jobs);
    }

    private final ReplayService replays;
    private final RuleService rules;
    private final Caller caller;
    private final Csrf csrf;
    private final ObjectMapper json;

    public ReplayPages(ReplayService replays, RuleService rules, Caller caller, Csrf csrf, ObjectMapper json) {
        this.replays = replays;
        this.rules = rules;
        this.caller = caller;
        this.csrf = csrf;
        this.json = json;
    }

    @GET
    public TemplateInstance list() {
        return Templates.replays(replays.list());
    }

    /** Starts replaying the draft (the folder with the draft in place); a refused draft comes back with its problems. */
    @POST
    public Response start(@FormParam(Csrf.FIELD) String token, @FormParam("name") String name, @FormParam("text") String text,
            @FormParam("from") String from, @FormParam("to") String to, @FormParam("shopId") String shopId,
            @FormParam("baseline") String baseline) {
        csrf.check(token);
        Draft draft = new Draft(name == null ? null : name.strip(), text == null ? "" : text.replace("\r\n", "\n")).checked();
        ReplayForm form = new ReplayForm(from, to, shopId, baseline, null);
        RuleSource candidate = draft.candidate(rules.folderSource(caller.name()));
        try {
            ReplayView job = replays.start(new ReplayRequest(candidate.drlFiles(), parsed(candidate.cases()),
                    date(from, "From"), date(to, "To"), shop(shopId), baseline(baseline)), caller.name());
            return Response.seeOther(URI.create("/console/rules/replays/" + job.id())).build();
        } catch (RulesRejectedException e) {
            List<RuleProblem> problems = e.rejection().errors();
            return Response.ok(RulesPages.Templates.draft(draft, draft.lines(problems), "refused", problems,
                    CaseResult.of(candidate.cases().keySet(), problems), e.rejection().version(), false,
                    form.failed("The draft was refused, so nothing was replayed."))).build();
        } catch (InvalidRequestException e) {
            return Response.ok(RulesPages.Templates.draft(draft, draft.lines(List.of()), null, List.of(), List.of(), null,
                    false, form.failed(e.violations().get(0).field() + " " + e.violations().get(0).message()))).build();
        } catch (ProblemException e) {
            return Response.ok(RulesPages.Templates.draft(draft, draft.lines(List.of()), null, List.of(), List.of(), null,
                    false, form.failed(e.problem().detail()))).build();
        }
    }

    @GET
    @Path("/{id}")
    public TemplateInstance job(@PathParam("id") String id, @QueryParam("cursor") String cursor) {
        ReplayView job = replays.find(id).orElseThrow(() -> ConsoleException.notFound("The replay " + id));
        ReplayChanges changes = "done".equals(job.state())
                ? replays.changes(id, cursor == null || cursor.isBlank() ? null : cursor, CHANGES_PER_PAGE).orElse(null)
                : null;
        return Templates.replay(job, charts(job.summary()), changes, cursor);
    }

    @POST
    @Path("/{id}/cancel")
    public Response cancel(@PathParam("id") String id, @FormParam(Csrf.FIELD) String token) {
        csrf.check(token);
        replays.cancel(id);
        return Response.seeOther(URI.create("/console/rules/replays/" + id)).build();
    }

    static List<BarChart> charts(ReplaySummary summary) {
        if (summary == null) {
            return List.of();
        }
        return List.of(
                BarChart.of("chart-transitions", "Transitions between outcomes", "decisions", null, summary.transitions().stream()
                        .map(t -> new BarChart.Value(label(t.from()) + " → " + label(t.to()) + " (" + t.amount() + " yuan)",
                                t.count(), 0))
                        .toList()),
                BarChart.of("chart-shops", "Shops most affected", "newly automatic", "no longer automatic", summary.byShop().stream()
                        .limit(10).map(s -> new BarChart.Value(s.shopId(), s.newlyAutomatic(), s.noLongerAutomatic()))
                        .toList()),
                BarChart.of("chart-reasons", "Reasons given", "before", "after", summary.byReason().stream()
                        .map(r -> new BarChart.Value(r.code(), r.before(), r.after())).toList()),
                BarChart.of("chart-rules", "Rules fired", "before", "after", summary.byRule().stream()
                        .map(r -> new BarChart.Value(r.rule(), r.firedBefore(), r.firedAfter())).toList()));
    }

    private static String label(ReplaySummary.OutcomePath side) {
        return side.outcome() + (side.path() == null ? "" : " / " + side.path());
    }

    private Map<String, Object> parsed(Map<String, String> cases) {
        Map<String, Object> parsed = new TreeMap<>();
        cases.forEach((name, text) -> {
            try {
                parsed.put(name, json.readValue(text, Object.class));
            } catch (JsonProcessingException e) {
                throw new InvalidRequestException("tests/" + name, "is not JSON: " + e.getOriginalMessage());
            }
        });
        return parsed;
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field, "must be a date (2026-11-01)");
        }
    }

    private static String shop(String shopId) {
        if (shopId == null || shopId.isBlank()) {
            return null;
        }
        if (!shopId.strip().matches(Identifiers.PATTERN)) {
            throw new InvalidRequestException("Shop", Identifiers.MESSAGE);
        }
        return shopId.strip();
    }

    private static ReplayRequest.Baseline baseline(String baseline) {
        return "recorded".equals(baseline) ? ReplayRequest.Baseline.recorded : ReplayRequest.Baseline.current;
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
