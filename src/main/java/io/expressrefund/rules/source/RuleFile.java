package io.expressrefund.rules.source;

/** A rule file as it was compiled: its path relative to the rules folder and the SHA-256 of its text. */
public record RuleFile(String name, String sha256) {
}
