package io.expressrefund.rules.compile;

/** Small readings of DRL text shared by the text checks: where blanks end, and what a member call follows. */
final class DrlText {
    private DrlText() {
    }

    /** The index of the first character at or after {@code index} that is not a space or a tab. */
    static int skipBlanks(String text, int index) {
        int i = index;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /**
     * Whether the member written at {@code start} follows {@code type.} ({@code System.exit},
     * {@code java.lang.System.exit}); the index of {@code type} when it does, else -1.
     */
    static int memberOf(String text, int start, String type) {
        int typeAt = start - 1 - type.length();
        boolean follows = typeAt >= 0 && text.startsWith(type, typeAt)
                && (typeAt == 0 || !Character.isJavaIdentifierPart(text.charAt(typeAt - 1)));
        return follows ? typeAt : -1;
    }
}
