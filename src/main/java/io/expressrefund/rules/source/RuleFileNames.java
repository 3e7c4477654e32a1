package io.expressrefund.rules.source;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.expressrefund.problem.ShownText;

/**
 * Which names below the rules folder are rule files and cases: one rule for the folder, the API and the console,
 * so that a file the folder serves can be posted, replayed and opened, and one saved from the console goes live.
 * Found by hand: the folder served {@code 规则 (1).drl}, as a browser names a second download, which no API took;
 * it also served a name with a line break, which broke check-rules' one line per problem.
 */
public final class RuleFileNames {
    /** Never in a name: what does not show, what a path or {@code file:line:column} uses, what Windows refuses. */
    private static final String NEVER = "\\p{C}\\p{Zl}\\p{Zp}/\\\\:*?\"<>|";
    /**
     * A file's name less its ending: letters of any script, digits, spaces and punctuation. It starts with neither a
     * dot nor {@code #} (the folder passes such files over, as hidden or an editor's) nor a space.
     */
    private static final String STEM = "[^" + NEVER + " .#][^" + NEVER + "]*";
    /**
     * A folder's name: as a file's, and it ends with neither a space nor a dot (Windows drops them), nor as the folder
     * passes an editor's backup over ({@code ~}, {@code .swp}, {@code .tmp}).
     */
    private static final String FOLDER = "(?![^/]*\\.(?:swp|tmp)/)[^" + NEVER + " .#](?:[^" + NEVER + "]*[^" + NEVER + " .~])?";
    private static final String PATH = "(?!.*\\.\\.)(?=.{1,200}$)(?:" + FOLDER + "/)*" + STEM;
    public static final String DRL = PATH + "\\.drl";
    public static final String CASE = PATH + "\\.json";
    public static final int MAX_LENGTH = 200;

    private static final Pattern DRL_PATTERN = Pattern.compile(DRL);
    private static final Pattern CASE_PATTERN = Pattern.compile(CASE);
    private static final Pattern NEVER_IN_A_PATH = Pattern.compile("[" + NEVER.replace("/", "") + "]");

    private RuleFileNames() {
    }

    static boolean isDrl(String name) {
        return DRL_PATTERN.matcher(name).matches();
    }

    /** A case's name relative to {@code tests/}. */
    static boolean isCase(String name) {
        return CASE_PATTERN.matcher(name).matches();
    }

    /** Why a name (relative to the rules folder, ending in .drl or .json) is not one the rules take, in words. */
    static String whyRefused(String name) {
        Matcher never = NEVER_IN_A_PATH.matcher(name);
        if (never.find()) {
            return "its name holds '" + ShownText.of(never.group(), 1) + "', which a rule file's name may not hold (nor any "
                    + "character that does not show, nor \\ : * ? \" < > |)";
        }
        if (name.length() > MAX_LENGTH) {
            return "its name is longer than " + MAX_LENGTH + " characters";
        }
        if (name.contains("..")) {
            return "its name holds '..', which a rule file's name may not";
        }
        String[] parts = name.split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith(" ")) {
                return "a part of its name starts with a space";
            }
            if (i < parts.length - 1 && (parts[i].endsWith(" ") || parts[i].endsWith("."))) {
                return "its folder " + parts[i] + " ends with '" + parts[i].charAt(parts[i].length() - 1) + "'";
            }
        }
        return "its name is not one the rules take";
    }

    /**
     * Why a file below the rules folder that is not read looks as if it were meant to be, or null. Found by hand: a
     * case saved beside the DRL, or a rule file saved as {@code fresh.DRL} or {@code fresh.drl.txt} by a Windows
     * editor, was passed over without a word, and its author believed it in service.
     */
    static String whyNotRead(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean underTests = name.startsWith(RuleSourceReader.CASES_FOLDER + "/");
        if (lower.endsWith(".drl")) {
            return "is not read: a rule file's name ends in .drl, in lower case";
        }
        if (lower.endsWith(".json")) {
            return underTests ? "is not read: a case's name ends in .json, in lower case"
                    : "is not read: cases are read from " + RuleSourceReader.CASES_FOLDER + "/ only";
        }
        if (lower.endsWith(".drl.txt") || lower.endsWith(".json.txt")) {
            return "is not read: its name ends in .txt (added by an editor?); rename it to end in "
                    + lower.substring(lower.lastIndexOf('.', lower.length() - 5), lower.length() - 4);
        }
        return null;
    }
}
