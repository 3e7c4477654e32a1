package io.expressrefund.rules.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

import io.expressrefund.rules.diagnostics.RuleProblem;

/**
 * Reads a rules folder: every {@code .drl} file below it, and the cases under {@code tests/}. Hidden files and
 * editors' backup files are passed over, so that a half-saved edit is not taken for a rule file.
 */
public final class RuleSourceReader {
    public static final String CASES_FOLDER = "tests";
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private RuleSourceReader() {
    }

    /**
     * The folder's content, or the files that could not be read as problems; and beside either, the files that look
     * meant as rule files or cases but are not read ({@link RuleFileNames#whyNotRead}).
     */
    public record Reading(RuleSource source, List<RuleProblem> problems, List<RuleProblem> notRead) {
    }

    public static Reading read(Path folder) {
        if (!Files.isDirectory(folder)) { // follows a link, as everything here does
            return new Reading(null, List.of(RuleProblem.unreadable(null,
                    "the rules folder " + folder.toAbsolutePath().normalize() + " does not exist or is not a folder")), List.of());
        }
        Map<String, String> drl = new TreeMap<>();
        Map<String, String> cases = new TreeMap<>();
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleProblem> notRead = new ArrayList<>();
        List<Path> found;
        try {
            found = listFiles(folder);
        } catch (UncheckedIOException e) {
            return new Reading(null, List.of(unlistable(folder, e.getCause())), List.of());
        }
        for (Path file : found) {
            String name = relativeName(folder, file);
            boolean isCase = name.startsWith(CASES_FOLDER + "/") && name.endsWith(".json");
            if (!isCase && !name.endsWith(".drl")) {
                String why = RuleFileNames.whyNotRead(name);
                if (why != null) {
                    notRead.add(RuleProblem.notRead(name, why));
                }
                continue;
            }
            if (!(isCase ? RuleFileNames.isCase(name.substring(CASES_FOLDER.length() + 1)) : RuleFileNames.isDrl(name))) {
                problems.add(RuleProblem.unreadable(name, RuleFileNames.whyRefused(name)));
                continue;
            }
            // Found by hand: a .drl that was a link to nowhere, or a pipe, was passed over without a word, so its rules
            // left service silently whenever the cases still passed (a new file's rules, say); and reading a pipe
            // would wait for a writer forever.
            if (!Files.exists(file)) {
                if (Files.isSymbolicLink(file)) {
                    problems.add(linkToNothing(name, file));
                } // else gone since the folder was listed: the watcher sees that change too
                continue;
            }
            if (!Files.isRegularFile(file)) {
                problems.add(RuleProblem.unreadable(name, "is not a regular file (a pipe, socket or device): rules are read "
                        + "from plain files"));
                continue;
            }
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    problems.add(RuleProblem.unreadable(name, "is larger than " + MAX_FILE_BYTES + " bytes"));
                    continue;
                }
                byte[] bytes = Files.readAllBytes(file);
                String text;
                try {
                    text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
                } catch (CharacterCodingException e) {
                    problems.add(notUtf8(name, bytes));
                    continue;
                }
                if (isCase) {
                    cases.put(name.substring(CASES_FOLDER.length() + 1), text);
                } else {
                    drl.put(name, text);
                }
            } catch (IOException e) {
                problems.add(RuleProblem.unreadable(name, "cannot be read: " + why(e)));
            }
        }
        return new Reading(problems.isEmpty() ? new RuleSource(drl, cases) : null, problems, notRead);
    }

    /** What went wrong reading a file, in words: the JDK's message for a refused read is the path alone. */
    static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied (the service's user must be able to read it)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * A file that is not UTF-8, at the line and column of its first byte that is not. Found by hand: a DRL saved in
     * GBK, as Chinese editors may, was refused with no place, and its author had to guess which line it was.
     */
    private static RuleProblem notUtf8(String name, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().decode(in, CharBuffer.allocate(bytes.length), true);
        int at = result.isError() ? in.position() : bytes.length;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8);
        return RuleProblem.unreadable(name, line, before.codePointCount(0, before.length()) + 1,
                "is not UTF-8 text (saved in another encoding, such as GBK?): save it as UTF-8");
    }

    private static RuleProblem linkToNothing(String name, Path link) {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            target = "a file";
        }
        return RuleProblem.unreadable(name, "is a symbolic link to " + target + ", which does not exist");
    }

    /** Why the folder's files could not be listed. Found by hand: a link back up was said to be the folder changing. */
    private static RuleProblem unlistable(Path folder, IOException cause) {
        if (cause instanceof FileSystemLoopException loop) {
            return RuleProblem.unreadable(relativeName(folder, Path.of(loop.getFile())),
                    "is a symbolic link to a folder that holds it: a loop, which the rules are not read through");
        }
        if (cause instanceof AccessDeniedException denied) {
            return RuleProblem.unreadable(null, "the rules folder cannot be read: permission denied on " + denied.getFile());
        }
        return RuleProblem.unreadable(null, "the rules folder changed while it was read: " + cause.getMessage());
    }

    /** Whether a path below the rules folder is one that the rules are built from, or looks as if it were. */
    public static boolean isRuleFile(Path relative) {
        String name = relative.getFileName() == null ? "" : relative.getFileName().toString();
        return !isIgnored(name) && (name.endsWith(".drl") || name.endsWith(".json") || RuleFileNames.whyNotRead(name) != null);
    }

    /**
     * Every rule file below the folder, following symbolic links: a folder mounted from a Kubernetes ConfigMap
     * ({@code express -> ..data/express}), one that is itself a link (git-sync), or linked subfolders. Hidden
     * entries such as ConfigMap's {@code ..data} are not walked into, so no file is read twice.
     */
    private static List<Path> listFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        walk(folder, files, null);
        files.sort(null);
        return files;
    }

    /** Every folder below the rules folder (and the folder itself), links followed, for watching. */
    public static List<Path> listFolders(Path folder) {
        List<Path> folders = new ArrayList<>();
        walk(folder, null, folders);
        return folders;
    }

    /** Walks the rules folder as {@link #listFiles} says, collecting its files and folders where asked. */
    private static void walk(Path folder, List<Path> files, List<Path> folders) {
        try {
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                            if (!dir.equals(folder) && isIgnored(dir.getFileName().toString())) {
                                return FileVisitResult.SKIP_SUBTREE;
                            }
                            if (folders != null) {
                                folders.add(dir);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                            // Not only regular files: a pipe or device given a rule file's name is refused by name.
                            if (files != null && !attributes.isDirectory() && !isIgnored(file.getFileName().toString())) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof NoSuchFileException || folders != null) {
                                // A link that points nowhere: listed, to be refused by name if it is a rule file's
                                // (a mount's half-done swap is refused once, and the change that completes it goes live).
                                if (files != null && Files.isSymbolicLink(file) && !isIgnored(file.getFileName().toString())) {
                                    files.add(file);
                                }
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the rules folder " + folder, e);
        }
    }

    private static boolean isIgnored(String name) {
        return name.startsWith(".") || name.startsWith("#") || name.endsWith("~") || name.endsWith(".swp")
                || name.endsWith(".tmp");
    }

    private static String relativeName(Path folder, Path file) {
        return folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
