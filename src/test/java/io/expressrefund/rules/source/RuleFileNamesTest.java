package io.expressrefund.rules.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** One rule of names for the folder, the API and the console. */
class RuleFileNamesTest {

    @Test
    void namesAsAuthorsAndTheirToolsGiveThemAreTaken() {
        for (String name : List.of("express/eligibility.drl", "生鲜/生鲜 规则.drl", "生鲜/规则 (1).drl", "a.drl",
                "express/v2.1/rules, final+.drl", "express/fresh .drl", "x~.drl", "deep/er/still/x.drl")) {
            assertTrue(RuleFileNames.isDrl(name), name);
        }
        assertTrue(RuleFileNames.isCase("case #2, copy.json"));
    }

    @Test
    void namesThatBreakAPathALineOrAnotherSystemAreRefused() {
        for (String name : List.of("../x.drl", "a/../x.drl", "a..drl", "/x.drl", "a//x.drl", "express/.x.drl", ".x/y.drl",
                "#x.drl", " x.drl", "x/ y.drl", "x /y.drl", "x./y.drl", "old~/y.drl", "x.swp/y.drl", "a:b.drl", "a\\b.drl",
                "a*b.drl", "a?b.drl", "a\"b.drl", "a<b.drl", "a|b.drl", "a\nb.drl", "a\tb.drl", "a\u202Eb.drl",
                "a\u2028b.drl", "x.DRL", "x.drl.txt", "a".repeat(197) + ".drl", "x.json")) {
            assertFalse(RuleFileNames.isDrl(name), name);
        }
        assertTrue(RuleFileNames.isDrl("a".repeat(196) + ".drl"), "200 characters");
    }

    @Test
    void aRefusedNameIsToldWhy() {
        assertEquals("its name holds ':', which a rule file's name may not hold (nor any character that does not show, "
                + "nor \\ : * ? \" < > |)", RuleFileNames.whyRefused("at 10:30.drl"));
        assertEquals("its name is longer than 200 characters", RuleFileNames.whyRefused("a".repeat(197) + ".drl"));
        assertEquals("its name holds '..', which a rule file's name may not", RuleFileNames.whyRefused("a..drl"));
        assertEquals("a part of its name starts with a space", RuleFileNames.whyRefused("x/ y.drl"));
        assertEquals("its folder x. ends with '.'", RuleFileNames.whyRefused("x./y.drl"));
    }
}
