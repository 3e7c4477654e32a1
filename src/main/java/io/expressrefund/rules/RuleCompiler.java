package io.expressrefund.rules;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles DRL text into a fresh KIE base, or says precisely why it cannot.
 *
 * <p>Drools keeps every built module in its global {@code KieRepository}, and builds that share a
 * ReleaseId can mix packages (apache/incubator-kie-drools #6318, #6617). So every build gets its own
 * ReleaseId, builds never overlap, and the module leaves the repository as soon as the base exists.
 */
public final class RuleCompiler {
    private static final String RESOURCES = "src/main/resources/";
    private static final AtomicLong BUILDS = new AtomicLong();

    private RuleCompiler() {
    }

    /** Either a KIE base or the problems that prevent one, never both. */
    public record Compilation(KieBase kieBase, List<RuleProblem> problems) {
        public boolean succeeded() {
            return kieBase != null;
        }
    }

    public static synchronized Compilation compile(RuleSource source) {
        if (source.drlFiles().isEmpty()) {
            return new Compilation(null, List.of(RuleProblem.unreadable(null, "no .drl file found in the rules folder")));
        }
        KieServices services = KieServices.Factory.get();
        ReleaseId releaseId = services.newReleaseId("io.expressrefund.rules", "build-" + BUILDS.incrementAndGet(), "1");
        KieFileSystem files = services.newKieFileSystem().generateAndWritePomXML(releaseId);
        source.drlFiles().forEach((name, text) -> files.write(RESOURCES + name, text));
        try {
            KieBuilder builder = services.newKieBuilder(files).buildAll();
            List<RuleProblem> errors = builder.getResults().getMessages(Message.Level.ERROR).stream()
                    .map(RuleCompiler::toProblem)
                    .toList();
            if (!errors.isEmpty()) {
                return new Compilation(null, errors);
            }
            KieContainer container = services.newKieContainer(releaseId);
            return new Compilation(container.getKieBase(), List.of());
        } finally {
            services.getRepository().removeKieModule(releaseId);
        }
    }

    private static RuleProblem toProblem(Message message) {
        String path = message.getPath();
        String file = path == null ? null : path.startsWith(RESOURCES) ? path.substring(RESOURCES.length()) : path;
        Integer line = message.getLine() > 0 ? message.getLine() : null;
        Integer column = message.getColumn() > 0 ? message.getColumn() : null;
        return RuleProblem.compileError(file, line, column, message.getText().strip());
    }
}
