package io.expressrefund.rules.compile;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.KieBaseMutabilityOption;
import org.kie.api.runtime.KieContainer;

import io.expressrefund.rules.diagnostics.RuleLocator;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.diagnostics.ThrowableText;
import io.expressrefund.rules.source.RuleSource;

/**
 * Compiles DRL text into a fresh KIE base, or says precisely why it cannot; text Drools compiles but that cannot
 * decide a request as written (an amount compared with a double, a timer, a global) is refused too
 * ({@link RuleTextChecks}).
 *
 * <p>Drools keeps every built module in its global {@code KieRepository}, and builds that share a
 * ReleaseId can mix packages (apache/incubator-kie-drools #6318, #6617). So every build gets its own
 * ReleaseId, builds never overlap, and the module leaves the repository as soon as the base exists.
 *
 * <p>A base is never changed once built (a change of the rules builds a new one), so it is built immutable: Drools
 * then keeps a session's facts in a plain identity store, and drops at once a fact that no pattern accepts.
 */
public final class RuleCompiler {
    private static final String RESOURCES = "src/main/resources/";
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern PARSER_POSITION = Pattern.compile("\\bLine (\\d+):(\\d+)\\b");
    private static final Pattern QUOTED_EXPRESSION = Pattern.compile(
            "Unable to Analyse Expression (.+?):\\s*$|Unable to resolve ObjectType '(.+?)'", Pattern.MULTILINE);
    private static final Pattern COMPANION = Pattern.compile("Parser returned a null Package");
    private static final Pattern CONSEQUENCE_NAME = Pattern.compile(
            "The method (\\w+)\\(|\\b(\\w+) cannot be resolved\\b|The constructor (\\w+)\\(", Pattern.UNICODE_CHARACTER_CLASS);

    private static final Pattern UNDEFINED_OPERATOR = Pattern.compile("The operator (\\S+) is undefined for the argument type");

    private static final int MAX_FILES_LEFT_OUT = 20;

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
        try {
            return build(source);
        } catch (RuntimeException | LinkageError e) {
            // The compiler itself can fail on text it accepted: a declared field's default value it generates a class
            // that does not verify for (VerifyError), or a consequence it trips over (NullPointerException). The text
            // is refused, at the file to blame.
            return new Compilation(null, List.of(compilerFailed(e, source)));
        }
    }

    /** Compiles the files; what the compiler reports is a problem, what it throws is thrown. */
    private static Compilation build(RuleSource source) {
        KieServices services = KieServices.Factory.get();
        ReleaseId releaseId = services.newReleaseId("io.expressrefund.rules", "build-" + BUILDS.incrementAndGet(), "1");
        KieFileSystem files = services.newKieFileSystem().generateAndWritePomXML(releaseId);
        source.drlFiles().forEach((name, text) -> files.write(RESOURCES + name, text));
        try {
            KieBuilder builder = services.newKieBuilder(files).buildAll();
            List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
            RuleLocator locator = messages.isEmpty() ? null : new RuleLocator(source.drlFiles());
            List<RuleProblem> errors = withoutCompanions(messages.stream().map(message -> toProblem(message, source, locator)).toList());
            if (!errors.isEmpty()) {
                return new Compilation(null, errors);
            }
            List<RuleProblem> undecidable = RuleTextChecks.check(source.drlFiles());
            if (!undecidable.isEmpty()) {
                return new Compilation(null, undecidable);
            }
            KieContainer container = services.newKieContainer(releaseId);
            KieBaseConfiguration immutable = services.newKieBaseConfiguration();
            immutable.setOption(KieBaseMutabilityOption.DISABLED);
            return new Compilation(container.newKieBase(immutable), List.of());
        } finally {
            services.getRepository().removeKieModule(releaseId);
        }
    }

    private static RuleProblem compilerFailed(Throwable failure, RuleSource source) {
        String cause = "the rule compiler failed on this text (" + ThrowableText.of(failure) + ")";
        RuleLocator.Location declaration = new RuleLocator(source.drlFiles())
                .declarationOfTypeNamedIn(failure.getMessage() == null ? "" : failure.getMessage());
        if (declaration != null) {
            return RuleProblem.compileError(declaration.file(), declaration.line(), declaration.column(), cause);
        }
        return RuleProblem.compileError(fileWithoutWhichItCompiles(source), null, null, cause);
    }

    /**
     * The file that the compiler stops failing without, or null: what it throws names no file, so each is left out
     * in turn (at most {@value #MAX_FILES_LEFT_OUT} of them: a compilation each, and only for text it failed on).
     */
    private static String fileWithoutWhichItCompiles(RuleSource source) {
        if (source.drlFiles().size() == 1) {
            return source.drlFiles().firstKey();
        }
        int leftOut = 0;
        for (String name : source.drlFiles().keySet()) {
            if (leftOut++ == MAX_FILES_LEFT_OUT) {
                return null;
            }
            SortedMap<String, String> others = new TreeMap<>(source.drlFiles());
            others.remove(name);
            try {
                build(new RuleSource(others, source.cases()));
                return name;
            } catch (RuntimeException | LinkageError stillFails) {
                // Not this one.
            }
        }
        return null;
    }

    private static RuleProblem toProblem(Message message, RuleSource source, RuleLocator locator) {
        String path = message.getPath();
        String file = path == null ? null : path.startsWith(RESOURCES) ? path.substring(RESOURCES.length()) : path;
        String text = message.getText().strip();
        Integer line = message.getLine() > 0 ? message.getLine() : null;
        Integer column = message.getColumn() > 0 ? message.getColumn() : null;
        Matcher position = PARSER_POSITION.matcher(text);
        if (position.find()) {
            // The parser counts columns from 0; editors and this service count from 1.
            line = Integer.valueOf(position.group(1));
            column = Integer.parseInt(position.group(2)) + 1;
        } else if (column == null && file != null && line != null) {
            column = columnOfExpression(text, source.drlFiles().get(file), line);
        } else if (line == null && file != null) {
            int[] place = placeOfExpression(text, source.drlFiles().get(file));
            if (place != null) {
                line = place[0];
                column = place[1];
            }
        }
        String drl = file == null ? null : source.drlFiles().get(file);
        int[] inConsequence = column == null && line != null ? placeInRule(text, drl, line) : null;
        if (inConsequence == null && column == null && line != null) {
            inConsequence = placeOperator(text, drl, line);
        }
        if (inConsequence != null) {
            line = inConsequence[0];
            column = inConsequence[1];
        }
        return RuleProblem.compileError(file, line, column,
                text + ForeignPunctuation.hint(drl, line, column) + CompilerHints.of(text, locator));
    }

    /**
     * Where in a rule the name a consequence's Java error is about is written ("The method expresRefund(…) is
     * undefined", "Unmet cannot be resolved"), as {line, column}; null when not found. The compiler places such an
     * error at the rule's first line. The name is looked for in the consequence first, from {@code then} to the rule's
     * {@code end} (a condition may name it too, rightly), then from the rule's first line (an {@code eval}'s Java).
     */
    private static int[] placeInRule(String text, String drl, int ruleLine) {
        Matcher named = CONSEQUENCE_NAME.matcher(text);
        if (drl == null || !text.startsWith("Rule Compilation error") || !named.find()) {
            return null;
        }
        String name = named.group(1) != null ? named.group(1) : named.group(2) != null ? named.group(2) : named.group(3);
        Pattern word = Pattern.compile("(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])", Pattern.UNICODE_CHARACTER_CLASS);
        String[] lines = drl.split("\n", -1);
        int[] inRule = null;
        boolean inConsequence = false;
        for (int i = ruleLine; i < lines.length && !lines[i].strip().equals("end"); i++) {
            inConsequence |= lines[i].strip().startsWith("then");
            Matcher at = word.matcher(lines[i]);
            if (at.find()) {
                int[] place = {i + 1, at.start() + 1};
                if (inConsequence) {
                    return place;
                }
                inRule = inRule == null ? place : inRule;
            }
        }
        return inRule;
    }

    /**
     * Where in a rule the operator a Java error is about ("The operator > is undefined for the argument type(s)
     * BigDecimal, int") is written, as {line, column}: on the first line of the rule that is an {@code eval} or in its
     * consequence, where Java is written (a constraint's operators are MVEL's, and compare amounts); null when not
     * found. The compiler places such an error at the rule's first line.
     */
    private static int[] placeOperator(String text, String drl, int ruleLine) {
        Matcher operator = UNDEFINED_OPERATOR.matcher(text);
        if (drl == null || !operator.find()) {
            return null;
        }
        Pattern written = Pattern.compile("(?<![<>=!&|+\\-*/])" + Pattern.quote(operator.group(1)) + "(?![<>=&|+\\-*/])");
        String[] lines = drl.split("\n", -1);
        boolean inConsequence = false;
        for (int i = ruleLine; i < lines.length && !lines[i].strip().equals("end"); i++) {
            inConsequence |= lines[i].strip().startsWith("then");
            Matcher at = written.matcher(lines[i]);
            if ((inConsequence || lines[i].contains("eval")) && at.find()) {
                return new int[] {i + 1, at.start() + 1};
            }
        }
        return null;
    }

    /**
     * Where an expression or a type the compiler quotes ("Unable to Analyse Expression x > 1:", "Unable to resolve
     * ObjectType 'X'") starts on its line.
     */
    private static Integer columnOfExpression(String text, String drl, int line) {
        Matcher quoted = QUOTED_EXPRESSION.matcher(text);
        if (drl == null || !quoted.find()) {
            return null;
        }
        String[] lines = drl.split("\n", -1);
        if (line > lines.length) {
            return null;
        }
        int at = lines[line - 1].indexOf((quoted.group(1) != null ? quoted.group(1) : quoted.group(2)).strip());
        return at < 0 ? null : at + 1;
    }

    /**
     * Where an expression the compiler quotes with no line ("Unable to Analyse Expression x > f():", as for a
     * function a condition calls that no package has) is first written in its file, as {line, column}; or null.
     */
    private static int[] placeOfExpression(String text, String drl) {
        Matcher quoted = QUOTED_EXPRESSION.matcher(text);
        if (drl == null || !quoted.find()) {
            return null;
        }
        String expression = (quoted.group(1) != null ? quoted.group(1) : quoted.group(2)).strip();
        String[] lines = drl.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int at = lines[i].indexOf(expression);
            if (at >= 0) {
                return new int[] {i + 1, at + 1};
            }
        }
        return null;
    }

    /**
     * Drops what the compiler adds beside a real error and that names no place of its own, such as "Parser
     * returned a null Package" after every syntax error of a file.
     */
    private static List<RuleProblem> withoutCompanions(List<RuleProblem> problems) {
        boolean anyPlaced = problems.stream().anyMatch(problem -> problem.line() != null);
        return problems.stream()
                .filter(problem -> !(anyPlaced && problem.line() == null && COMPANION.matcher(problem.message()).find()))
                .toList();
    }
}
