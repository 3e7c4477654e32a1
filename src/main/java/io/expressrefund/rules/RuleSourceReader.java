package io.expressrefund.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a rules folder: every {@code .drl} file below it, and the cases under {@code tests/}. Hidden files and
 * editors' backup files are passed over, so that a half-saved edit is not taken for a rule file.
 */
public final class RuleSourceReader {
    public static final String CASES_FOLDER = "tests";
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private RuleSourceReader() {
    }

    /** The folder's content, or the files that could not be read as problems. */
    public record Reading(RuleSource source, List<RuleProblem> problems) {
    }

    public static Reading read(Path folder) {
        if (!Files.isDirectory(folder)) {
            return new Reading(null, List.of(RuleProblem.unreadable(null,
                    "the rules folder " + folder.toAbsolutePath().normalize() + " does not exist or is not a folder")));
        }
        Map<String, String> drl = new TreeMap<>();
        Map<String, String> cases = new TreeMap<>();
        List<RuleProblem> problems = new ArrayList<>();
        List<Path> found;
        try {
            found = listFiles(folder);
        } catch (UncheckedIOException e) {
            return new Reading(null, List.of(RuleProblem.unreadable(null, "the rules folder changed while it was read: "
                    + e.getCause().getMessage())));
        }
        for (Path file : found) {
            String name = relativeName(folder, file);
            boolean isCase = name.startsWith(CASES_FOLDER + "/") && name.endsWith(".json");
            if (!isCase && !name.endsWith(".drl")) {
                continue;
            }
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    problems.add(RuleProblem.unreadable(name, "is larger than " + MAX_FILE_BYTES + " bytes"));
                    continue;
                }
                String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
                if (isCase) {
                    cases.put(name.substring(CASES_FOLDER.length() + 1), text);
                } else {
                    drl.put(name, text);
                }
            } catch (CharacterCodingException e) {
                problems.add(RuleProblem.unreadable(name, "is not UTF-8 text"));
            } catch (IOException e) {
                problems.add(RuleProblem.unreadable(name, "cannot be read: " + e.getMessage()));
            }
        }
        return new Reading(problems.isEmpty() ? new RuleSource(drl, cases) : null, problems);
    }

    /** Whether a path below the rules folder is one that the rules are built from. */
    public static boolean isRuleFile(Path relative) {
        String name = relative.getFileName() == null ? "" : relative.getFileName().toString();
        return !isIgnored(name) && (name.endsWith(".drl") || name.endsWith(".json"));
    }

    private static List<Path> listFiles(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(path -> !hasIgnoredPart(folder.relativize(path)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the rules folder " + folder, e);
        }
    }

    private static boolean hasIgnoredPart(Path relative) {
        for (Path part : relative) {
            if (isIgnored(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIgnored(String name) {
        return name.startsWith(".") || name.startsWith("#") || name.endsWith("~") || name.endsWith(".swp")
                || name.endsWith(".tmp");
    }

    private static String relativeName(Path folder, Path file) {
        return folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
