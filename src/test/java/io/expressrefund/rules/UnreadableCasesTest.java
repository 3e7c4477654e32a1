package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.expressrefund.rules.source.RuleSource;

/** A case that is not JSON is refused where the parser stopped, saying what it found and what to write. */
class UnreadableCasesTest {
    private static final RuleSource SHIPPED = OfflineCheck.SHIPPED;
    private static final String CASE = "express-refund-when-every-condition-holds.json";

    @TempDir
    Path folder;

    @Test
    void aCommaAfterTheLastFieldOfANestedObjectIsPlacedAtItsLineNotAtTheObject() throws IOException {
        // Found by hand: "request.order has a value that cannot be read", at the line where the order starts.
        String text = SHIPPED.cases().get(CASE).replace("\"expressRefundEnabled\": true", "\"expressRefundEnabled\": true,");
        int line = text.substring(0, text.indexOf("\"expressRefundEnabled\"")).split("\n", -1).length + 1;

        assertEquals(List.of(folder.resolve("tests/" + CASE) + ":" + line + ":5: cannot be read: is not valid JSON: a comma "
                + "before this } (JSON takes none after the last field)"), problemsWith(Map.of(CASE, text)));
    }

    @Test
    void aCommentAndCurlyQuotesAreNamed() throws IOException {
        String commented = SHIPPED.cases().get(CASE).replaceFirst("\\{", "{\n  // paid this morning");
        String curly = SHIPPED.cases().get(CASE).replaceFirst("\"description\"", "“description”");

        assertEquals(List.of(
                folder.resolve("tests/a.json") + ":2:3: cannot be read: is not valid JSON: JSON has no comments (a case may say "
                        + "what it is about in \"description\")",
                folder.resolve("tests/b.json") + ":2:3: cannot be read: is not valid JSON: '“' is not JSON; write '\"' (typed "
                        + "with a Chinese input method, or pasted from a document?)"),
                problemsWith(Map.of("a.json", commented, "b.json", curly)));
    }

    private List<String> problemsWith(Map<String, String> cases) throws IOException {
        return OfflineCheck.refusalOf(folder, drl -> drl, cases);
    }
}
