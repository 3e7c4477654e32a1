package io.expressrefund.rules.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.expressrefund.rules.diagnostics.RuleProblem;

/** Reading a rules folder: what cannot be read is named at its place. */
class RuleSourceReaderTest {
    @TempDir
    Path folder;

    @Test
    void aFileSavedInGbkIsRefusedAtItsFirstByteThatIsNotUtf8() throws IOException {
        Files.createDirectories(folder.resolve("express"));
        Files.write(folder.resolve("express/fresh.drl"), "package express;\n\nrule \"x\" // 生鲜\nwhen then end\n"
                .getBytes(Charset.forName("GBK")));

        RuleSourceReader.Reading reading = RuleSourceReader.read(folder);

        assertNull(reading.source());
        assertEquals(List.of(new RuleProblem("UNREADABLE", "express/fresh.drl", 3, 13,
                "is not UTF-8 text (saved in another encoding, such as GBK?): save it as UTF-8", null, null, null)),
                reading.problems());
    }

    @Test
    void aFileNamedAsABrowserNamesASecondDownloadIsRead() throws IOException {
        write("express/规则 (1).drl", "package express;\n");
        write("tests/case #2, copy.json", "{}");

        RuleSourceReader.Reading reading = RuleSourceReader.read(folder);

        assertEquals(List.of(), reading.problems());
        assertEquals(java.util.Set.of("express/规则 (1).drl"), reading.source().drlFiles().keySet());
        assertEquals(java.util.Set.of("case #2, copy.json"), reading.source().cases().keySet());
    }

    @Test
    void aFileWhoseNameNoApiTakesIsRefusedByItsNameShownOnOneLine() throws IOException {
        write("express/bad\nname.drl", "package express;\n");
        write("express/at 10:30.drl", "package express;\n");
        write("tests/a\u202Eb.json", "{}");

        RuleSourceReader.Reading reading = RuleSourceReader.read(folder);

        assertNull(reading.source());
        assertEquals(List.of(
                "express/at 10:30.drl: its name holds ':', which a rule file's name may not hold (nor any character that "
                        + "does not show, nor \\ : * ? \" < > |)",
                "express/bad\\u000Aname.drl: its name holds '\\u000A', which a rule file's name may not hold (nor any "
                        + "character that does not show, nor \\ : * ? \" < > |)",
                "tests/a\\u202Eb.json: its name holds '\\u202E', which a rule file's name may not hold (nor any "
                        + "character that does not show, nor \\ : * ? \" < > |)"),
                reading.problems().stream().map(RuleProblem::describe).toList());
    }

    @Test
    void filesThatLookMeantAsRulesOrCasesButAreNotReadAreNamedAsWarnings() throws IOException {
        write("express/eligibility.drl", "package express;\n");
        write("express/fresh.DRL", "package express;\n");
        write("express/fresh.drl.txt", "package express;\n");
        write("express/a-case.json", "{}");
        write("tests/b-case.JSON", "{}");
        write("tests/c-case.json", "{}");
        write("README.md", "notes");

        RuleSourceReader.Reading reading = RuleSourceReader.read(folder);

        assertEquals(java.util.Set.of("express/eligibility.drl"), reading.source().drlFiles().keySet());
        assertEquals(java.util.Set.of("c-case.json"), reading.source().cases().keySet());
        assertEquals(List.of(
                "express/a-case.json: is not read: cases are read from tests/ only",
                "express/fresh.DRL: is not read: a rule file's name ends in .drl, in lower case",
                "express/fresh.drl.txt: is not read: its name ends in .txt (added by an editor?); rename it to end in .drl",
                "tests/b-case.JSON: is not read: a case's name ends in .json, in lower case"),
                reading.notRead().stream().map(RuleProblem::describe).toList());
        assertEquals(java.util.Set.of("FILE_NOT_READ"),
                reading.notRead().stream().map(RuleProblem::kind).collect(java.util.stream.Collectors.toSet()));
    }

    private void write(String name, String text) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aFileTheServiceMayNotReadIsSaidToBeSo() {
        // The JDK's message for it is the file's path alone (this test may run as root, whom no mode stops).
        assertEquals("permission denied (the service's user must be able to read it)",
                RuleSourceReader.why(new java.nio.file.AccessDeniedException("/rules/express/policy.drl")));
    }
}
