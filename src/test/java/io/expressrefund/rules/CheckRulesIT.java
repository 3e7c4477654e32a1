package io.expressrefund.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.expressrefund.support.TempRules;

/**
 * The offline check as rule authors run it from their CI or a pre-commit hook: {@code bin/check-rules} on the
 * packaged service, with no database and no port.
 */
class CheckRulesIT {

    @Test
    void theShippedRulesAreGood() throws Exception {
        Run run = checkRules("rules");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("24 cases passed"), run.output());
    }

    @Test
    void aBrokenFolderIsRefusedWithEachProblemAsFileLineColumn() throws Exception {
        TempRules rules = TempRules.copyOfRealRules("check-rules");
        rules.replace("express/eligibility.drl", "RefundCase( virtualGoods )", "RefundCase( virtualGoods ");
        rules.replace("tests/paid-amount-of-exactly-300-qualifies.json", "\"AUTO_REFUND\"", "\"MANUAL_REVIEW\"");

        Run run = checkRules(rules.folder().toString());

        assertEquals(1, run.exit(), run.output());
        String problem = rules.folder().resolve("express/eligibility.drl") + ":39:1: ";
        assertTrue(run.output().lines().anyMatch(line -> line.startsWith(problem)), run.output());
    }

    @Test
    void aRuleNoCaseFiresIsAWarningOrWithTheFlagARefusalAtItsLine() throws Exception {
        TempRules rules = TempRules.copyOfRealRules("check-rules-untested");
        rules.write("express/probe.drl", UNTESTED_RULE);
        rules.write("express/probe.drl.txt", UNTESTED_RULE);
        String place = rules.folder().resolve("express/probe.drl") + ":6: ";

        Run warned = checkRules(rules.folder().toString());
        assertEquals(0, warned.exit(), warned.output());
        assertEquals(List.of(rules.folder().resolve("express/probe.drl.txt") + ": warning: is not read: its name ends in .txt "
                + "(added by an editor?); rename it to end in .drl", place + "warning: no case fires the rule \"express/Probe shop 1/2 is reviewed\": nothing but "
                + "compiling checked it; add a case under tests/ that reaches it (--require-case-per-rule refuses it)"),
                warned.output().lines().filter(line -> line.contains("warning:")).toList(),
                "a warning for the file not read, one for the rule and none for the query: " + warned.output());

        Run refused = checkRules("--require-case-per-rule", rules.folder().toString());
        assertEquals(1, refused.exit(), refused.output());
        assertTrue(refused.output().lines().anyMatch(line -> line.startsWith(place + "no case fires the rule")), refused.output());

        assertEquals(0, checkRules("--require-case-per-rule").exit(), "the shipped rules: every rule fired by a case");
    }

    static final String UNTESTED_RULE = """
            package express;

            import io.expressrefund.rules.facts.RefundCase;
            import io.expressrefund.rules.facts.Unmet;

            rule "Probe shop 1/2 is reviewed"
            when
                RefundCase( shopId == "PROBE-X" )
            then
                insert( Unmet.expressRefund( "PROBE", "Probe." ) );
            end

            query "probe requests"
                RefundCase( shopId == "PROBE-X" )
            end
            """;

    @Test
    void aMisuseIsAUsageError() throws Exception {
        assertEquals(2, checkRules("/no/such/folder").exit());
        assertEquals(2, checkRules("rules", "more").exit());
        assertEquals(2, checkRules("--strict", "rules").exit());
    }

    private record Run(int exit, String output) {
    }

    private static Run checkRules(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of("bin/check-rules").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/check-rules did not finish within 60 s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
