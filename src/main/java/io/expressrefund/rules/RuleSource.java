package io.expressrefund.rules;

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

    public RuleSource(Map<String, String> drlFiles, Map<String, String> cases) {
        this(new TreeMap<>(drlFiles), new TreeMap<>(cases));
    }

    /** Identifies exactly the DRL that decides: the same files give the same version on every instance. */
    public String version() {
        MessageDigest digest = Digests.newSha256();
        drlFiles.forEach((name, text) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(text.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        });
        return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    public List<RuleFile> files() {
        return drlFiles.entrySet().stream()
                .map(file -> new RuleFile(file.getKey(), Digests.sha256(file.getValue())))
                .toList();
    }
}
