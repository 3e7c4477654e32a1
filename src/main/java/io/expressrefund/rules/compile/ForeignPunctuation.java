package io.expressrefund.rules.compile;

import io.expressrefund.problem.TypedPunctuation;

/**
 * Punctuation DRL does not read, such as an input method's full-width {@code （ ） ， ； “ ”}, named where the compiler
 * points at it. Found by hand: {@code RefundCase（ virtualGoods ）} was refused with "no viable alternative at input
 * ''" twice, the character itself shown as nothing, and its author could not see what was wrong.
 */
final class ForeignPunctuation {
    private ForeignPunctuation() {
    }

    /**
     * What to add to a compiler's message about line {@code line}, column {@code column} (from 1) of {@code drl}, or
     * "" when the character there is one DRL reads. A letter of any script is read (an identifier may be 商品).
     */
    static String hint(String drl, Integer line, Integer column) {
        if (drl == null || line == null || column == null) {
            return "";
        }
        String[] lines = drl.split("\n", -1);
        if (line < 1 || line > lines.length || column < 1 || column > lines[line - 1].length()) {
            return "";
        }
        char found = lines[line - 1].charAt(column - 1);
        if (found < 128 || Character.isJavaIdentifierPart(found) || Character.isSurrogate(found)) {
            return "";
        }
        String ascii = TypedPunctuation.asciiFor(found);
        return ": the character '" + found + "' (U+" + String.format("%04X", (int) found) + ") is not DRL outside a string or "
                + "comment" + (ascii == null ? "" : "; write '" + ascii + "' (typed with a Chinese input method, or pasted from a "
                + "document?)");
    }
}
