package io.expressrefund.rules;

import java.util.List;

/** A candidate that compiled and passed its cases. */
public record ValidationResult(boolean valid, String version, List<String> rules, int casesPassed) {
}
