package io.expressrefund.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.diagnostics.RuleProblem;


class ShownTextTest {

    @Test
    void plainTextIsShownAsItIs() {
        String name = "order.serviceTags[0]";
        assertSame(name, ShownText.of(name, ShownText.MAX_NAME));
        assertEquals("退款 ✓", ShownText.of("退款 ✓", 10), "printable text of any script shows as it is");
    }

    @Test
    void charactersThatDoNotShowAreWrittenAsEscapes() {
        assertEquals("a\\u0000b\\u001B[31m\\u0009\\u000A", ShownText.of("a\0b\u001b[31m\t\n", 100));
        assertEquals("\\u202Eevil\\u200B\\u2028\\u007F\\u0085", ShownText.of("\u202eevil\u200b\u2028\u007f\u0085", 100),
                "a right-to-left override, a zero-width space, a line separator, DEL and NEL");
        assertEquals("x\\uD83D", ShownText.of("x\ud83d", 100), "a lone surrogate");
        assertEquals("😀", ShownText.of("😀", 100), "a pair is one character, shown");
    }

    @Test
    void longTextIsCutByCharactersNeverInsideAPair() {
        assertEquals("abc…", ShownText.of("abcdef", 3));
        assertEquals("😀😀…", ShownText.of("😀😀😀", 2));
        assertEquals("abc", ShownText.of("abc", 3));
        assertEquals("\\u0000…", ShownText.of("\0\0", 1), "an escape counts as the one character it shows");
    }

    @Test
    void textOfSeveralLinesKeepsItsLineBreaksAndTabs() {
        assertEquals("Unable to resolve ObjectType 'Foo\\u0000'\nline 2\tend",
                ShownText.lines("Unable to resolve ObjectType 'Foo\0'\nline 2\tend"));
        assertEquals("x".repeat(5000), ShownText.lines("x".repeat(5000)), "never cut");
    }

    @Test
    void aRuleProblemKeepsTheRulesTextOnlyAsShown() {
        // Found by curl: a NUL in a DRL name came back in the compiler's message, invisible in an editor and raw on a
        // terminal running check-rules.
        RuleProblem problem = RuleProblem.compileError("express/a.drl", 3, 3, "Unable to resolve ObjectType 'Foo\0'\nnext");

        assertEquals("Unable to resolve ObjectType 'Foo\\u0000'\nnext", problem.message());
    }

    @Test
    void aViolationKeepsWhatTheCallerSentOnlyAsShown() {
        FieldViolation violation = new FieldViolation("x\0" + "y".repeat(300), "must be one of [A], not 'B\u001b'");

        assertEquals("x\\u0000" + "y".repeat(198) + "…", violation.field());
        assertEquals("must be one of [A], not 'B\\u001B'", violation.message());
        assertEquals("'" + "z".repeat(40) + "…'", JsonTypes.quote("z".repeat(41)));
        assertEquals("'a" + "😀".repeat(39) + "…'", JsonTypes.quote("a" + "😀".repeat(40)),
                "cut after 40 characters, counting a pair as one, never inside it");
    }
}
