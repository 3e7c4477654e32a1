package io.expressrefund.rules.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.expressrefund.platform.Digests;

/**
 * The text of a candidate rule set: DRL files and test cases, each keyed by its path relative to the rules
 * folder ({@code express/policy.drl}, {@code tests/over-limit.json}). Its version is a digest of all of it.
 */
public record RuleSource(SortedMap<String, String> drlFiles, SortedMap<String, String> cases) {

    /**
     * Texts are taken without the byte order mark some editors (Notepad) put first in a UTF-8 file, read from the
     * folder or posted ({@code jq --rawfile}). Found by hand: a DRL saved so was refused with "no viable alternative
     * at input ''" at 1:1, and a case as "not valid JSON".
     */
    public RuleSource {
        drlFiles = withoutByteOrderMarks(drlFiles);
        cases = withoutByteOrderMarks(cases);
    }

    public RuleSource(Map<String, String> drlFiles, Map<String, String> cases) {
        this(new TreeMap<>(drlFiles), new TreeMap<>(cases));
    }

    private static SortedMap<String, String> withoutByteOrderMarks(SortedMap<String, String> texts) {
        if (texts.values().stream().noneMatch(text -> text != null && text.startsWith("\uFEFF"))) {
            return texts;
        }
        SortedMap<String, String> without = new TreeMap<>(texts);
        without.replaceAll((name, text) -> text != null && text.startsWith("\uFEFF") ? text.substring(1) : text);
        return without;
    }

    /**
     * Identifies exactly the rule set: its DRL and the cases it passed. The same files give the same version on
     * every instance, and a change to the cases alone is a new version, checked like any other change.
     */
    public String version() {
        MessageDigest digest = Digests.newSha256();
        add(digest, "drl", drlFiles);
        add(digest, "cases", cases);
        return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    private static void add(MessageDigest digest, String kind, Map<String, String> texts) {
        digest.update(kind.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        texts.forEach((name, text) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        });
    }

    public List<RuleFile> files() {
        return drlFiles.entrySet().stream()
                .map(file -> new RuleFile(file.getKey(), Digests.sha256(file.getValue())))
                .toList();
    }
}
