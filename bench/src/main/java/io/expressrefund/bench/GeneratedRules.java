package io.expressrefund.bench;

import java.util.Map;
import java.util.TreeMap;

import io.expressrefund.rules.source.RuleSource;


/**
 * Grows the shipped rule set with generated rules that never match a benchmark request, in the shapes an
 * operator would write them (see rules/README.md, "To add an exclusion"):
 * <ul>
 * <li>{@code indexed}: a per-shop exclusion, {@code RefundCase( shopId == "GEN-S-17" )}: a literal equality,
 * which Drools hashes across rules, so one lookup serves them all;</li>
 * <li>{@code predicate}: a per-tag exclusion, {@code RefundCase( hasServiceTag( "GEN_TAG_17" ) )}: a method
 * call, which Drools must evaluate rule by rule;</li>
 * <li>{@code joined}: a per-shop approval that also joins the output fact,
 * {@code RefundCase( shopId == "GEN-S-17" ) not Unmet( path == DecisionPath.EXPRESS_REFUND )}: every Unmet
 * a decision inserts reaches each such rule's join memory, matched or not.</li>
 * </ul>
 * The rules go into a package of their own, {@code generated}, so the shipped rules' load order (and with it
 * their firing order) is unchanged.
 */
public final class GeneratedRules {
    public static final String[] KINDS = { "indexed", "predicate", "joined" };

    private GeneratedRules() {
    }

    public static RuleSource grow(RuleSource shipped, String kind, int count) {
        if (count == 0) {
            return shipped;
        }
        Map<String, String> drl = new TreeMap<>(shipped.drlFiles());
        drl.put("generated/generated.drl", drl(kind, count));
        return new RuleSource(drl, shipped.cases());
    }

    static String drl(String kind, int count) {
        StringBuilder text = new StringBuilder(count * 260);
        text.append("package generated;\n\n")
                .append("import io.expressrefund.rules.facts.Approval;\n")
                .append("import io.expressrefund.rules.facts.DecisionPath;\n")
                .append("import io.expressrefund.rules.facts.RefundCase;\n")
                .append("import io.expressrefund.rules.facts.Unmet;\n\n");
        for (int i = 0; i < count; i++) {
            switch (kind) {
                case "indexed" -> text.append("rule \"Generated exclusion of shop GEN-S-").append(i).append("\"\nwhen\n")
                        .append("    RefundCase( shopId == \"GEN-S-").append(i).append("\" )\nthen\n")
                        .append("    insert( Unmet.expressRefund( \"SHOP_EXCLUDED\", \"Shop GEN-S-").append(i)
                        .append(" is excluded from express refund.\" ) );\nend\n\n");
                case "predicate" -> text.append("rule \"Generated exclusion of tag GEN_TAG_").append(i).append("\"\nwhen\n")
                        .append("    RefundCase( hasServiceTag( \"GEN_TAG_").append(i).append("\" ) )\nthen\n")
                        .append("    insert( Unmet.expressRefund( \"TAG_EXCLUDED\", \"Products tagged GEN_TAG_").append(i)
                        .append(" are reviewed by the merchant.\" ) );\nend\n\n");
                case "joined" -> text.append("rule \"Generated approval for shop GEN-S-").append(i).append("\"\nsalience -100\nwhen\n")
                        .append("    RefundCase( shopId == \"GEN-S-").append(i).append("\" )\n")
                        .append("    not Unmet( path == DecisionPath.EXPRESS_REFUND )\nthen\n")
                        .append("    insert( new Approval( DecisionPath.EXPRESS_REFUND ) );\nend\n\n");
                default -> throw new IllegalArgumentException("unknown kind of generated rule: " + kind);
            }
        }
        return text.toString();
    }
}
