package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aFileTheServiceMayNotReadIsSaidToBeSo() {
        // The JDK's message for it is the file's path alone (this test may run as root, whom no mode stops).
        assertEquals("permission denied (the service's user must be able to read it)",
                RuleSourceReader.why(new java.nio.file.AccessDeniedException("/rules/express/policy.drl")));
    }
}
