package io.expressrefund.rules.compile;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.expressrefund.rules.diagnostics.RuleProblem;

/**
 * One pass over a DRL file's text for {@link RuleTextChecks}: strings and comments skipped, each word and number
 * read in the part of the file it stands in (outside rules, a rule's header, its conditions, its consequence).
 */
final class RuleTextScan {
    private enum Part { OUTSIDE, HEADER, CONDITIONS, CONSEQUENCE }

    /** {@code global java.util.List seen;}: a type and a name (a declared field named global has a colon). */
    private static final Pattern GLOBAL = Pattern.compile("global\\s+[\\w.$]+(?:<[^>]*>)?(?:\\[])*\\s+[\\w$]+\\s*(?:;|$|//)",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Set<String> DEFERRING_ATTRIBUTES = Set.of("timer", "duration", "calendars");

    private final String file;
    private final String text;
    private final List<RuleProblem> problems;
    private final UnreachedRules unreached;
    private Part part = Part.OUTSIDE;
    /** The group attribute of the rule whose header is being read, if any, and where it is written. */
    private String groupAttribute;
    private String group;
    private int groupLine;
    private int groupColumn;
    private boolean autoFocus;
    private int at;
    private int line = 1;
    private int linesCountedTo;

    RuleTextScan(String file, String text, List<RuleProblem> problems, UnreachedRules unreached) {
        this.file = file;
        this.text = text;
        this.problems = problems;
        this.unreached = unreached;
    }

    void run() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '/' && next(1) == '/') {
                skipPast("\n");
            } else if (c == '/' && next(1) == '*') {
                at += 2;
                skipPast("*/");
            } else if (c == '"' || c == '\'') {
                skipString(c);
            } else if (Character.isJavaIdentifierStart(c)) {
                word();
            } else if (Character.isDigit(c) || c == '.' && Character.isDigit(next(1))) {
                number();
            } else {
                at++;
            }
        }
    }

    private void word() {
        int start = at;
        while (at < text.length() && Character.isJavaIdentifierPart(text.charAt(at))) {
            at++;
        }
        String word = text.substring(start, at);
        if (word.equals("setFocus")) {
            unreached.focusSet();
        } else if (word.equals("getEntryPoint")) {
            unreached.entryPointFed();
        } else if (word.equals("entry") && part == Part.CONDITIONS && text.startsWith("-point", at)) {
            entryPoint(start);
        }
        boolean isMember = start > 0 && text.charAt(start - 1) == '.';
        RunDependentCalls.Found runDependent = isMember ? RunDependentCalls.member(text, word, start) : null;
        if (runDependent == null) {
            runDependent = RunDependentCalls.constructed(text, word, start, at);
        }
        if (runDependent != null) {
            problems.add(RuleProblem.compileError(file, lineOf(runDependent.at()), columnOf(runDependent.at()),
                    runDependent.message()));
        }
        if (part == Part.CONDITIONS) {
            String comparison = TextComparison.problem(text, word, start, at);
            if (comparison != null) {
                problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), comparison));
            }
        }
        if (isMember) {
            member(word, start);
            return; // a member, as in x.timer or drools.halt: none of the words below
        }
        if (part == Part.HEADER && DEFERRING_ATTRIBUTES.contains(word) && firstOnItsLine(start)) {
            problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), "a rule's " + word
                    + " defers it past the decision: a request is decided when its rules stop firing, and "
                    + "its facts are gone before the " + word + " could fire, so this rule would never fire; "
                    + "decide on the request's own times instead (requestedAt, paidAt)"));
        } else if (part == Part.HEADER && word.equals("date") && firstOnItsLine(start)
                && (text.startsWith("-effective", at) || text.startsWith("-expires", at))) {
            String attribute = text.startsWith("-effective", at) ? "date-effective" : "date-expires";
            problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), attribute + " switches the "
                    + "rule on or off by the server's clock and time zone, not by the request: the cases and replays "
                    + "run now decide as if that day had not come, and decisions change on that day with no change "
                    + "of the rules; decide on the request's own times instead, as old-rule-window.drl does: "
                    + "RefundCase( paidAt < Moments.instant( \"2023-09-13T00:00+08:00\" ) )"));
        } else if (part == Part.OUTSIDE && word.equals("global") && firstOnItsLine(start)
                && GLOBAL.matcher(restOfLine(start)).lookingAt()) {
            problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), "a global is null "
                    + "in every decision: the service sets none; give the value by a function or a fact"));
        }
        if (part == Part.HEADER) {
            groupAttribute(word, start);
        }
        if (part == Part.HEADER && (word.equals("when") || word.equals("then")) && group != null) {
            unreached.grouped(new UnreachedRules.GroupedRule(file, groupLine, groupColumn, groupAttribute, group,
                    autoFocus));
        }
        if (word.equals("rule") && part == Part.OUTSIDE) {
            group = null;
            autoFocus = false;
        }
        part = switch (word) {
            case "rule" -> part == Part.OUTSIDE && namedNext() ? Part.HEADER : part;
            case "when" -> part == Part.HEADER ? Part.CONDITIONS : part;
            case "then" -> part == Part.CONDITIONS || part == Part.HEADER ? Part.CONSEQUENCE : part;
            case "end" -> part == Part.CONSEQUENCE ? Part.OUTSIDE : part;
            default -> part;
        };
    }

    /**
     * Refuses a call that reaches past the decision (to the process, the session's listeners or the KIE base) or cuts
     * it short (halt).
     */
    private void member(String word, int start) {
        if (word.equals("exit") && memberOf(start, "System") || word.equals("getRuntime") && memberOf(start, "Runtime")) {
            int typeAt = start - 1 - (word.equals("exit") ? "System" : "Runtime").length();
            problems.add(RuleProblem.compileError(file, lineOf(typeAt), columnOf(typeAt), text.substring(typeAt, start)
                    + word + " would end the service's process: a case that reaches it ends the service while "
                    + "it checks the rules, and, with this file in the rules folder, every start after; a rule "
                    + "decides one request and never touches the process"));
        } else if (word.equals("addEventListener") || word.equals("removeEventListener")) {
            problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), word + " changes the "
                    + "session for every request decided in it after this one (the service keeps sessions "
                    + "from request to request): a rule may not add or remove a session's listeners"));
        } else if (word.equals("getKieBase")) {
            problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), "getKieBase reaches the "
                    + "rule set in service, which every session shares: a rule that changes it (removeRule, "
                    + "addPackages…) changes how every later request is decided; a rule decides one request"));
        } else if (word.equals("halt") && (memberOf(start, "drools") || memberOf(start, "getKieRuntime()"))) {
            problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start), "halt stops the rules "
                    + "before the others have their say: the request's other unmet conditions go unreported, and the "
                    + "merchant's strategy is never weighed, so a request it would refund goes to review; a rule "
                    + "inserts its reason and lets the others fire"));
        }
    }

    private boolean memberOf(int start, String type) {
        return DrlText.memberOf(text, start, type) >= 0;
    }

    /** Notes {@code entry-point "x"} (or {@code entry-point x}) in a rule's conditions. */
    private void entryPoint(int start) {
        String entryPoint = nameAfter(at + "-point".length(), true);
        if (entryPoint != null && !entryPoint.equals("DEFAULT")) {
            unreached.onEntryPoint(RuleProblem.compileError(file, lineOf(start), columnOf(start), "entry-point \""
                    + entryPoint + "\" holds no fact: the service inserts every fact into the default entry point, "
                    + "and no consequence inserts into another (drools.getEntryPoint), so this pattern never "
                    + "matches and its rule never fires; leave out the from entry-point"));
        }
    }

    /** Reads {@code agenda-group "g"}, {@code ruleflow-group "g"} and {@code auto-focus [true|false]}. */
    private void groupAttribute(String word, int start) {
        if ((word.equals("agenda") || word.equals("ruleflow")) && text.startsWith("-group", at)) {
            String name = nameAfter(at + "-group".length(), false);
            if (name != null) {
                groupAttribute = word + "-group";
                group = name;
                groupLine = lineOf(start);
                groupColumn = columnOf(start);
            }
        } else if (word.equals("auto") && text.startsWith("-focus", at)) {
            autoFocus = !restOfLine(at + "-focus".length()).strip().startsWith("false");
        }
    }

    /** The name written after {@code index}, past blanks: quoted, or an identifier where {@code bare}; else null. */
    private String nameAfter(int index, boolean bare) {
        int name = DrlText.skipBlanks(text, index);
        char mark = name < text.length() ? text.charAt(name) : ' ';
        if (mark == '"' || mark == '\'') {
            int close = text.indexOf(mark, name + 1);
            return close < 0 ? null : text.substring(name + 1, close);
        }
        int end = name;
        while (bare && end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
            end++;
        }
        return end == name ? null : text.substring(name, end);
    }

    private void number() {
        int start = at;
        boolean point = false;
        boolean exponent = false;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isDigit(c) || c == '_' && at > start) {
                at++;
            } else if (c == '.' && !point && !exponent && Character.isDigit(next(1))) {
                point = true;
                at++;
            } else if ((c == 'e' || c == 'E') && !exponent && at > start && (Character.isDigit(next(1))
                    || (next(1) == '+' || next(1) == '-') && Character.isDigit(next(2)))) {
                exponent = true;
                at += 2;
            } else {
                break;
            }
        }
        char suffix = at < text.length() ? text.charAt(at) : ' ';
        boolean typed = "BbDdFf".indexOf(suffix) >= 0;
        if (typed || Character.isJavaIdentifierPart(suffix)) {
            at++;
            return;
        }
        boolean decimal = point || exponent;
        if (decimal && part == Part.CONDITIONS) {
            problems.add(RuleProblem.compileError(file, lineOf(start), columnOf(start),
                    RuleTextChecks.decimalMessage(text.substring(start, at))));
        }
    }

    private void skipString(char quote) {
        at++;
        while (at < text.length() && text.charAt(at) != quote && text.charAt(at) != '\n') {
            at += text.charAt(at) == '\\' ? 2 : 1;
        }
        at++;
    }

    private void skipPast(String end) {
        int found = text.indexOf(end, at);
        at = found < 0 ? text.length() : found + end.length();
    }

    /** Whether a name follows ({@code rule "x"}, {@code rule x}), not a Java variable named rule. */
    private boolean namedNext() {
        int i = at;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i > at && i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\''
                || Character.isJavaIdentifierStart(text.charAt(i)));
    }

    private String restOfLine(int index) {
        int end = text.indexOf('\n', index);
        return text.substring(index, end < 0 ? text.length() : end).stripTrailing();
    }

    private boolean firstOnItsLine(int index) {
        for (int i = index - 1; i >= 0 && text.charAt(i) != '\n'; i--) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private char next(int ahead) {
        return at + ahead < text.length() ? text.charAt(at + ahead) : ' ';
    }

    /** The line of {@code index}; problems are found in the order of the text, so lines are counted once. */
    private int lineOf(int index) {
        for (; linesCountedTo < index; linesCountedTo++) {
            if (text.charAt(linesCountedTo) == '\n') {
                line++;
            }
        }
        return line;
    }

    private int columnOf(int index) {
        return index - text.lastIndexOf('\n', index - 1);
    }
}
