package io.expressrefund.rules.diagnostics;

/** A throwable as a problem or a failure quotes it: in one line, cut to a length a reader takes in. */
public final class ThrowableText {
    private static final int MAX_CAUSE = 300;

    private ThrowableText() {
    }

    /** Its class and the first line of its message, at most {@value #MAX_CAUSE} characters. */
    public static String of(Throwable root) {
        String message = root.getMessage() == null ? "" : root.getMessage().strip();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline).strip();
        }
        String text = root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return text.length() > MAX_CAUSE ? text.substring(0, MAX_CAUSE) + "…" : text;
    }
}
