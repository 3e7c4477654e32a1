package io.expressrefund.rules.engine;

import io.expressrefund.rules.facts.Approval;
import io.expressrefund.rules.facts.Unmet;

/**
 * What a rule may conclude. A reason goes back to the caller and to the merchant as the rule wrote it, is recorded
 * and counted by its code: so its path is one of the two, its code a name machines can read, not one of the
 * service's own, and its message a line a merchant can read. Found by hand: a rule inserting
 * {@code Unmet.expressRefund( null, null )} made every request that reached it a 500, and a 200,000-character
 * message was answered and recorded as it was.
 */
final class ConclusionCheck {
    static final int MAX_CODE = 64;
    static final int MAX_MESSAGE = 500;
    /** The codes the service gives itself: a rule's reason with one of them would pass for the service's. */
    private static final String[] RESERVED = { RuleFailure.REASON_CODE, "REQUEST_REFUSED" };

    private ConclusionCheck() {
    }

    /** What is wrong with a fact a rule inserted, if it is a conclusion; null when nothing is, or it is none. */
    static String problemWith(Object fact) {
        if (fact instanceof Unmet unmet) {
            return problemWith(unmet);
        }
        if (fact instanceof Approval approval && approval.path() == null) {
            return "an Approval names its path: new Approval( DecisionPath.EXPRESS_REFUND ) or CUSTOM_STRATEGY";
        }
        return null;
    }

    private static String problemWith(Unmet unmet) {
        if (unmet.path() == null) {
            return "a reason names its path: use Unmet.expressRefund( code, message ) or Unmet.strategy( code, message )";
        }
        String code = unmet.code();
        if (code == null || !isCode(code)) {
            return "the reason code " + quoted(code) + " is not a code: 1 to " + MAX_CODE
                    + " capital letters, digits and _, starting with a letter (FRESH_FOOD)";
        }
        for (String reserved : RESERVED) {
            if (reserved.equals(code)) {
                return "the reason code " + code + " is the service's own: give the rule's reason a code of its own";
            }
        }
        String message = unmet.message();
        if (message == null || message.isBlank() || message.length() > MAX_MESSAGE || hasControlCharacter(message)) {
            return "the message of reason " + code + " is not a line a merchant can read: 1 to " + MAX_MESSAGE
                    + " characters, with no control characters (it has "
                    + (message == null ? "none" : message.length() + " characters") + ")";
        }
        return null;
    }

    private static boolean isCode(String code) {
        if (code.isEmpty() || code.length() > MAX_CODE || code.charAt(0) < 'A' || code.charAt(0) > 'Z') {
            return false;
        }
        for (int i = 1; i < code.length(); i++) {
            char c = code.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String quoted(String code) {
        if (code == null) {
            return "null";
        }
        String shown = code.length() > 40 ? code.substring(0, 40) + "…" : code;
        StringBuilder text = new StringBuilder("\"");
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                text.append(String.format("\\u%04x", c));
            } else {
                text.appendCodePoint(c);
            }
        });
        return text.append('"').toString();
    }
}
