package io.expressrefund.rules.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.source.RuleSourceReader;

/** An input method's punctuation in DRL is named where the compiler points, with the character to write. */
class ForeignPunctuationTest {

    @Test
    void fullWidthParenthesesAreNamedWithTheAsciiToWrite() {
        String eligibility = RuleSourceReader.read(Path.of("rules")).source().drlFiles().get("express/eligibility.drl");

        List<RuleProblem> problems = CompilerHintsTest.problemsWith("express/eligibility.drl",
                eligibility.replace("RefundCase( virtualGoods )", "RefundCase（ virtualGoods ）"));

        RuleProblem open = problems.stream().filter(p -> p.message().contains("'（'")).findFirst().orElseThrow();
        assertEquals("express/eligibility.drl", open.file());
        assertTrue(open.message().endsWith("no viable alternative at input '': the character '（' (U+FF08) is not DRL "
                + "outside a string or comment; write '(' (typed with a Chinese input method, or pasted from a document?)"), open.message());
        assertTrue(problems.stream().anyMatch(p -> p.message().contains("the character '）' (U+FF09)")), problems.toString());
    }

    @Test
    void onlyWhatDrlCannotReadIsNamed() {
        String drl = "rule \"x\"\nwhen\n    商品（ 类目 == “生鲜” ）\u00A0\nthen end\n";

        assertEquals("", ForeignPunctuation.hint(drl, 3, 5), "a letter of any script may be a name");
        assertEquals("", ForeignPunctuation.hint(drl, 3, 1), "ASCII");
        assertTrue(ForeignPunctuation.hint(drl, 3, 15).contains("'“' (U+201C) is not DRL outside a string or comment; write '\"'"));
        assertTrue(ForeignPunctuation.hint(drl, 3, 21).contains("(U+00A0)"), ForeignPunctuation.hint(drl, 3, 21));
        assertEquals("", ForeignPunctuation.hint(drl, 9, 1), "no such line");
        assertEquals("", ForeignPunctuation.hint(drl, null, null));
    }
}
