package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A case that is not JSON is refused where the parser stopped, saying what it found and what to write. */
class UnreadableCasesTest {
    private static final RuleSource SHIPPED = RuleSourceReader.read(Path.of("rules")).source();
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

    /** What check-rules prints for the shipped rules with these cases in place of theirs. */
    private List<String> problemsWith(Map<String, String> cases) throws IOException {
        for (var file : SHIPPED.drlFiles().entrySet()) {
            write(folder.resolve(file.getKey()), file.getValue());
        }
        for (var file : cases.entrySet()) {
            write(folder.resolve("tests").resolve(file.getKey()), file.getValue());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = RulesCheck.run(new String[] {folder.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, exit, out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
