package io.expressrefund.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary copy of the real {@code rules/} folder that a test may edit, and put back as it was. */
public final class TempRules {
    private static final Path ORIGINAL = Path.of("rules");
    private final Path folder;

    private TempRules(Path folder) {
        this.folder = folder;
    }

    public static TempRules copyOfRealRules(String name) {
        try {
            TempRules rules = new TempRules(Files.createTempDirectory(name));
            rules.restore();
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** Makes the copy identical to the real rules again. */
    public void restore() {
        try {
            try (Stream<Path> old = Files.walk(folder)) {
                old.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(folder)).forEach(TempRules::delete);
            }
            try (Stream<Path> files = Files.walk(ORIGINAL)) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path target = folder.resolve(ORIGINAL.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String file) {
        try {
            return Files.readString(folder.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String file, String text) {
        try {
            Path target = folder.resolve(file);
            Files.createDirectories(target.getParent());
            Files.writeString(target, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces text in a file, failing loudly when the text is not there (so a test never edits nothing). */
    public void replace(String file, String from, String to) {
        String text = read(file);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain " + from);
        }
        write(file, text.replace(from, to));
    }

    public void remove(String file) {
        delete(folder.resolve(file));
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
