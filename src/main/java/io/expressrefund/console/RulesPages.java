package io.expressrefund.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.expressrefund.platform.Digests;
import io.expressrefund.rules.RuleService;
import io.expressrefund.rules.RulesConfig;
import io.expressrefund.rules.RulesRejectedException;
import io.expressrefund.rules.RulesStatus;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.security.Caller;
import io.expressrefund.security.Roles;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** Operators: the rules in service, their files, and drafts validated (and saved, when allowed) like any edit. */
@jakarta.ws.rs.Path("/console/rules")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.RULES_ADMIN)
public class RulesPages {

    /** A file of the rules folder with whether it is the text in service. */
    public record FolderFile(String name, boolean inService) {
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance rules(RulesStatus status, List<FolderFile> files, List<String> caseFiles,
                boolean saveAllowed);

        static native TemplateInstance file(String name, List<Line> lines, boolean inService);

        static native TemplateInstance draft(Draft draft, List<Line> lines, String outcome, List<RuleProblem> problems,
                List<CaseResult> cases, String version, boolean saveAllowed, ReplayForm replay);
    }

    private final RuleService rules;
    private final RulesConfig config;
    private final Caller caller;
    private final Csrf csrf;
    private final boolean saveAllowed;

    public RulesPages(RuleService rules, RulesConfig config, Caller caller, Csrf csrf,
            @ConfigProperty(name = "refund.console.save-rules", defaultValue = "false") boolean saveAllowed) {
        this.rules = rules;
        this.config = config;
        this.caller = caller;
        this.csrf = csrf;
        this.saveAllowed = saveAllowed;
    }

    @GET
    public TemplateInstance overview() {
        RulesStatus status = rules.status();
        RuleSource folder = folder();
        List<FolderFile> files = folder.drlFiles().entrySet().stream()
                .map(file -> new FolderFile(file.getKey(), status.files() != null && status.files().stream()
                        .anyMatch(served -> served.name().equals(file.getKey())
                                && served.sha256().equals(Digests.sha256(file.getValue())))))
                .toList();
        List<String> cases = folder.cases().keySet().stream().map(name -> "tests/" + name).toList();
        return Templates.rules(status, files, cases, saveAllowed);
    }

    /** A file of the rules folder with line numbers; {@code #L12} jumps to a line. */
    @GET
    @jakarta.ws.rs.Path("/file")
    public TemplateInstance file(@QueryParam("name") String name) {
        Draft draft = new Draft(name, "").checked();
        String text = textOf(folder(), draft);
        if (text == null) {
            throw ConsoleException.notFound("The file " + name);
        }
        boolean inService = draft.isCase() ? rules.status().cases().contains(draft.caseName())
                : rules.status().files().stream().anyMatch(f -> f.name().equals(name) && f.sha256().equals(Digests.sha256(text)));
        return Templates.file(name, Line.of(text), inService);
    }

    /** Opens a file as a draft, or a new file when the name is not in the folder. */
    @GET
    @jakarta.ws.rs.Path("/draft")
    public TemplateInstance open(@QueryParam("name") String name) {
        if (name == null || name.isBlank()) {
            Draft draft = new Draft("", "");
            return Templates.draft(draft, draft.lines(List.of()), null, List.of(), List.of(), null, saveAllowed, ReplayForm.empty());
        }
        Draft draft = new Draft(name, "").checked();
        String text = textOf(folder(), draft);
        Draft opened = new Draft(name, text == null ? "" : text);
        return Templates.draft(opened, opened.lines(List.of()), null, List.of(), List.of(), null, saveAllowed, ReplayForm.empty());
    }

    /** Validates the draft; or, when asked and allowed, writes it into the rules folder and reloads. */
    @POST
    @jakarta.ws.rs.Path("/draft")
    public Response submit(@FormParam(Csrf.FIELD) String token, @FormParam("name") String name,
            @FormParam("text") String text, @FormParam("action") String action) {
        csrf.check(token);
        Draft draft = new Draft(name == null ? null : name.strip(), text == null ? "" : text.replace("\r\n", "\n")).checked();
        if ("save".equals(action)) {
            return save(draft);
        }
        RuleSource candidate = draft.candidate(folder());
        TemplateInstance page;
        try {
            RuleSet valid = rules.validate(candidate, caller.name());
            page = Templates.draft(draft, draft.lines(List.of()), "valid", valid.warnings(),
                    CaseResult.of(valid.caseNames(), List.of()), valid.version(), saveAllowed, ReplayForm.empty());
        } catch (RulesRejectedException e) {
            List<RuleProblem> problems = e.rejection().errors();
            page = Templates.draft(draft, draft.lines(problems), "refused", problems,
                    CaseResult.of(candidate.cases().keySet(), problems), e.rejection().version(), saveAllowed,
                    ReplayForm.empty());
        }
        return Response.status(200).entity(page).build();
    }

    private Response save(Draft draft) {
        if (!saveAllowed) {
            throw new ConsoleException(403, "Saving drafts to the rules folder is off (refund.console.save-rules); "
                    + "commit the change to the rules' repository instead.");
        }
        Path target = config.dir().resolve(draft.name()).normalize();
        if (!target.startsWith(config.dir().normalize())) {
            throw new ConsoleException(400, "A draft's name must stay inside the rules folder.");
        }
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, draft.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + draft.name() + " into the rules folder", e);
        }
        try {
            rules.reloadFromDisk(caller.name());
        } catch (RulesRejectedException refused) {
            // The rules page shows the refusal as the last attempt, with its problems at their lines.
        }
        return Response.seeOther(URI.create("/console/rules")).build();
    }

    private RuleSource folder() {
        try {
            return rules.folderSource(caller.name());
        } catch (RulesRejectedException e) {
            throw new ConsoleException(500, "The rules folder cannot be read: "
                    + e.rejection().errors().stream().map(RuleProblem::describe).toList());
        }
    }

    private static String textOf(RuleSource folder, Draft draft) {
        return draft.isCase() ? folder.cases().get(draft.caseName()) : folder.drlFiles().get(draft.name());
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
