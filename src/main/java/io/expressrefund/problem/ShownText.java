package io.expressrefund.problem;

/**
 * A caller's text as a problem shows it: a field name, a query parameter or a value the caller sent, or a rule
 * file's text quoted in a compiler's message. Characters that do not show (controls such as NUL or ESC, format
 * characters such as a right-to-left override, line separators, a lone surrogate) are written as
 * {@code \}{@code uXXXX}, so a problem never carries them back to a log or a terminal that would act on them, and
 * shows where an invisible one hides; a name the caller made long is cut.
 */
public final class ShownText {
    /** The longest field or parameter name a problem shows, in characters. */
    static final int MAX_NAME = 200;

    private ShownText() {
    }

    /** The text as shown, at most {@code max} characters (code points) of it, then "…". */
    public static String of(String text, int max) {
        return shown(text, max, false);
    }

    /** Text of several lines as shown: its line breaks and tabs kept, the rest as {@link #of}, never cut. */
    public static String lines(String text) {
        return shown(text, Integer.MAX_VALUE, true);
    }

    private static String shown(String text, int max, boolean keepLines) {
        if (text == null || plain(text, max, keepLines)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(Math.min(text.length(), max) + 16);
        int count = 0;
        for (int at = 0; at < text.length(); count++) {
            if (count == max) {
                return shown.append('…').toString();
            }
            int point = text.codePointAt(at);
            if (showsNot(point) && !(keepLines && (point == '\n' || point == '\t'))) {
                shown.append(String.format("\\u%04X", point));
            } else {
                shown.appendCodePoint(point);
            }
            at += Character.charCount(point);
        }
        return shown.toString();
    }

    /** Printable ASCII within the bound: what nearly every name and value is, returned as it is. */
    private static boolean plain(String text, int max, boolean keepLines) {
        if (text.length() > max) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 || c > 0x7e) && !(keepLines && (c == '\n' || c == '\t'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean showsNot(int point) {
        if (Character.isISOControl(point)) {
            return true;
        }
        int type = Character.getType(point);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }
}
