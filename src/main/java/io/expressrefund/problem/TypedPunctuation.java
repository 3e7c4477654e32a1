package io.expressrefund.problem;

/**
 * The ASCII meant by punctuation a Chinese input method types or a document pastes: full-width {@code （ ） ， ；},
 * curly quotes, an ideographic or no-break space. DRL and JSON read only the ASCII.
 */
public final class TypedPunctuation {
    private static final int FULL_WIDTH_OFFSET = 0xFEE0;

    private TypedPunctuation() {
    }

    /** The ASCII character meant by {@code c}, or null when it is no such punctuation. */
    public static String asciiFor(char c) {
        if (c >= '\uFF01' && c <= '\uFF5E') {
            return String.valueOf((char) (c - FULL_WIDTH_OFFSET));
        }
        return switch (c) {
            case '\u3000', '\u00A0' -> " "; // an ideographic space; a no-break space pasted from a web page
            case '\u201C', '\u201D' -> "\"";
            case '\u2018', '\u2019' -> "'";
            case '\u3001' -> ",";
            case '\u3002' -> ".";
            case '\u3010' -> "[";
            case '\u3011' -> "]";
            default -> null;
        };
    }
}
