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
import java.util.function.UnaryOperator;

import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/** The shipped rules, changed, written to a folder and checked as {@code bin/check-rules} checks them, in process. */
public final class OfflineCheck {
    public static final RuleSource SHIPPED = RuleSourceReader.read(Path.of("rules")).source();

    private OfflineCheck() {
    }

    /**
     * The lines printed for the shipped DRL, each file's text passed through {@code drl}, and the given cases (the
     * shipped ones when null), checked in {@code folder}; the check must refuse them.
     */
    public static List<String> refusalOf(Path folder, UnaryOperator<String> drl, Map<String, String> cases) throws IOException {
        for (var file : SHIPPED.drlFiles().entrySet()) {
            write(folder.resolve(file.getKey()), drl.apply(file.getValue()));
        }
        for (var file : (cases == null ? SHIPPED.cases() : cases).entrySet()) {
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
