package io.expressrefund.rules.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.engine.Evaluation;
import io.expressrefund.rules.engine.RuleSet;
import io.expressrefund.rules.facts.RefundCase;
import io.expressrefund.rules.facts.RefundType;
import io.expressrefund.rules.facts.ShippingStatus;
import io.expressrefund.rules.facts.Unmet;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;

/**
 * A decimal literal without a suffix in a condition is refused where it is written: Drools reads it as a double
 * and compares BigDecimal amounts with the double's binary value, which this test shows first.
 */
class RuleTextChecksTest {
    private static final String HEADER = """
            package extra;
            import io.expressrefund.rules.facts.RefundCase;
            import io.expressrefund.rules.facts.Unmet;
            """;

    @Test
    void droolsComparesAnAmountWithADoubleLiteralsBinaryValueAndWithADecimalLiteralExactly() {
        // Read with the check off, to show what it guards against: 123.45 is 123.4500000000000028… as a double.
        RuleSet rules = new RuleSet(kieBaseWithoutTheCheck(HEADER + """
                rule "at least the double"
                when
                    RefundCase( refundAmount >= 123.45 )
                then
                    insert( Unmet.expressRefund( "DOUBLE", "at least 123.45 as a double" ) );
                end
                rule "at least the decimal"
                when
                    RefundCase( refundAmount >= 123.45B )
                then
                    insert( Unmet.expressRefund( "DECIMAL", "at least 123.45 as a decimal" ) );
                end
                rule "over the double"
                when
                    RefundCase( refundAmount > 0.3 )
                then
                    insert( Unmet.expressRefund( "OVER", "over 0.3 as a double" ) );
                end
                """), source(Map.of()), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));

        assertEquals(Set.of("DECIMAL", "OVER"), codes(rules.evaluate(refundOf("123.45"), List.of())));
        // 0.3 is 0.29999999999999998889… as a double.
        assertEquals(Set.of("OVER"), codes(rules.evaluate(refundOf("0.30"), List.of())));
    }

    @Test
    void anUnsuffixedDecimalInAConditionIsRefusedAtItsLineAndColumn() {
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/amounts.drl", HEADER + """
                rule "small refunds"
                when
                    RefundCase( refundAmount >= 123.45, paidAmount <= 0.3 )
                then
                end
                """));

        assertEquals(2, problems.size(), problems.toString());
        RuleProblem above = problems.get(0);
        assertEquals("COMPILE_ERROR", above.kind());
        assertEquals("extra/amounts.drl", above.file());
        assertEquals(6, above.line());
        assertEquals(33, above.column());
        assertTrue(above.message().startsWith("123.45 in a condition is a double, 123.45000000000000284… in binary"),
                above.message());
        assertTrue(above.message().contains("== 123.45 and >= 123.45 are false for an amount of exactly 123.45"), above.message());
        assertTrue(above.message().endsWith("write 123.45B for the exact decimal, or 123.45d if a double is meant"),
                above.message());
        assertTrue(problems.get(1).message().contains("== 0.3 and <= 0.3 are false, and > 0.3 true"), problems.get(1).message());
        assertEquals(55, problems.get(1).column());
        assertTrue(RuleTextChecks.decimalMessage("1e400").startsWith("1e400 in a condition is a double, and out of a double's range"));
        assertTrue(RuleTextChecks.decimalMessage("1.5e-99999999999").contains("out of a double's range"));
        assertTrue(RuleTextChecks.decimalMessage("0e99999999999").contains("out of a double's range"));
        assertTrue(RuleTextChecks.decimalMessage("0.0").startsWith("0.0 in a condition is a double: this one is exact"));
        assertTrue(RuleTextChecks.decimalMessage("300.0").startsWith("300.0 in a condition is a double: this one is exact"));
    }

    @Test
    void suffixedLiteralsWholeNumbersStringsCommentsConsequencesAndFunctionsAreLeftAlone() {
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/fine.drl", HEADER + """
                import java.math.BigDecimal;
                declare Parcel
                    weight : double = 1.5
                end
                function BigDecimal half() {
                    return new BigDecimal(0.5);
                }
                // A comment may say 0.1.
                /* Or 2.5 here,
                   and 3.5 here. */
                rule "Exact amounts" salience 10
                when
                    RefundCase( refundAmount >= 123.45B, paidAmount > 300, refundId != "1.5", orderId != 'O-2.5' )
                    eval( Math.sqrt( 2 ) > 1.4d && 1e3f > 2.5F && 7.5D > 1 )  // not 0.5
                then
                    double ratio = 0.75;
                    int end = 1;
                    insert( Unmet.expressRefund( "X", "over " + 1.5 ) );
                end
                """));

        assertEquals(List.of(), problems);
    }

    @Test
    void eachRuleOfAFileIsCheckedAndOnlyItsConditions() {
        List<RuleProblem> problems = RuleTextChecks.check(new TreeMap<>(Map.of("a.drl", HEADER + """
                rule "one" when RefundCase( paidAmount > 1.5 ) then end
                rule "two"
                when
                    RefundCase( $paid : paidAmount )
                    eval( $paid.doubleValue() > 2e2 )
                then
                    insert( Unmet.expressRefund( "X", "" + 9.5 ) );
                end
                """, "b.drl", HEADER + "rule \"three\" when RefundCase( refundAmount < .5 ) then end\n")));

        assertEquals(List.of("a.drl:4:42", "a.drl:8:33", "b.drl:4:46"),
                problems.stream().map(problem -> problem.file() + ":" + problem.line() + ":" + problem.column()).toList());
    }

    @Test
    void aRuleTimerDurationOrCalendarAndAGlobalAreRefusedWhereTheyAreWritten() {
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/later.drl", HEADER + """
                global java.util.List seen;
                rule "later"
                    timer ( int: 1s )
                when
                    RefundCase()
                then
                end
                rule "older"
                    duration 1000
                when then end
                rule "weekdays"
                    calendars "weekdays"
                when then end
                """));

        assertEquals(List.of("4:1", "6:5", "12:5", "15:5"),
                problems.stream().map(problem -> problem.line() + ":" + problem.column()).toList());
        assertTrue(problems.get(0).message().startsWith("a global is null in every decision"), problems.get(0).message());
        assertTrue(problems.get(1).message().startsWith("a rule's timer defers it past the decision"), problems.get(1).message());
        assertTrue(problems.get(2).message().contains("rule's duration"), problems.get(2).message());
        assertTrue(problems.get(3).message().contains("rule's calendars"), problems.get(3).message());
    }

    @Test
    void aGlobalNamedInAnyScriptIsRefused() {
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("生鲜/规则.drl", HEADER + """
                global java.util.List 已见;
                """));

        assertEquals(List.of("4:1"), problems.stream().map(problem -> problem.line() + ":" + problem.column()).toList());
    }

    @Test
    void theWordsTimerAndGlobalElsewhereAreLeftAlone() {
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/words.drl", HEADER + """
                declare Parcel
                    timer : Integer
                    global : Boolean
                end
                function int twice(int global) {
                    String rule = "a variable";
                    int timer;
                    timer = global;
                    return timer * 2;
                }
                rule "words" // timer ( int: 1s )
                when
                    Parcel( timer > 1, global == true )
                then
                    int timer = 2;
                end
                """));

        assertEquals(List.of(), problems);
    }

    @Test
    void droolsFiresARuleOfAGroupOnlyWhileTheGroupHasTheFocus() {
        // Read with the check off, to show what it guards against.
        String drl = HEADER + """
                rule "held back"
                    agenda-group "later"
                when
                    RefundCase()
                then
                    insert( Unmet.expressRefund( "LATER", "in a group nothing focuses" ) );
                end
                rule "in a flow"
                    ruleflow-group "flow"
                when
                    RefundCase()
                then
                    insert( Unmet.expressRefund( "FLOW", "in a ruleflow group" ) );
                end
                rule "focused"
                    agenda-group "checks"
                    auto-focus true
                when
                    RefundCase()
                then
                    insert( Unmet.expressRefund( "AUTO", "in a group it focuses itself" ) );
                end
                rule "focused with it"
                    agenda-group "checks"
                when
                    RefundCase()
                then
                    insert( Unmet.expressRefund( "WITH", "in the same group" ) );
                end
                """;
        RuleSet rules = new RuleSet(kieBaseWithoutTheCheck(drl), source(Map.of()), Instant.now(),
                DecisionWatchdog.start(Duration.ofSeconds(2)));
        assertEquals(Set.of("AUTO", "WITH"), codes(rules.evaluate(refundOf("10.00"), List.of())));

        RuleSet focusing = new RuleSet(kieBaseWithoutTheCheck(drl + """
                rule "focus the later group"
                when
                    RefundCase()
                then
                    drools.setFocus( "later" );
                end
                """), source(Map.of()), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));
        assertEquals(Set.of("AUTO", "WITH", "LATER"), codes(focusing.evaluate(refundOf("10.00"), List.of())));
    }

    @Test
    void aRuleInAGroupThatNothingFocusesIsRefusedAtItsGroup() {
        List<RuleProblem> problems = RuleTextChecks.check(Map.of(
                "extra/groups.drl", HEADER + """
                        rule "held back"
                            salience 10
                            agenda-group "later"
                        when
                            RefundCase()
                        then
                        end
                        rule "not focused either"
                            agenda-group 'later' auto-focus false
                            ruleflow-group "flow"
                        when then end
                        rule "in main" agenda-group "MAIN"
                        when then end
                        rule "agenda" // agenda-group "commented"
                        when then end
                        """,
                "extra/focused.drl", HEADER + """
                        rule "focused"
                            agenda-group "checks"
                            auto-focus
                        when then end
                        """,
                "extra/with.drl", HEADER + """
                        rule "focused with it" agenda-group "checks"
                        when then end
                        """));

        assertEquals(List.of("extra/groups.drl:6:5", "extra/groups.drl:13:5"),
                problems.stream().map(problem -> problem.file() + ":" + problem.line() + ":" + problem.column()).toList());
        assertTrue(problems.get(0).message().startsWith("agenda-group \"later\" holds this rule back until its group "
                + "has the focus, and nothing gives it"), problems.get(0).message());
        assertTrue(problems.get(1).message().startsWith("ruleflow-group \"flow\""), problems.get(1).message());

        // A consequence that gives a group the focus, in any file, leaves the groups to the cases.
        assertEquals(List.of(), RuleTextChecks.check(Map.of(
                "extra/groups.drl", HEADER + "rule \"held back\" agenda-group \"later\" when then end\n",
                "extra/focus.drl", HEADER + "rule \"focus\" when then kcontext.getKieRuntime().getAgenda()"
                        + ".getAgendaGroup( \"later\" ).setFocus(); end\n")));
    }

    @Test
    void whatWouldEndTheServicesProcessOrChangeItsSessionsIsRefusedWhereverItIsWritten() {
        // Found by hand: a rule file calling System.exit, dropped in the folder, ended the service as soon as the
        // watcher ran the cases, and would again at every start; one calling getKieBase().removeRule(…) left every
        // later request with no rule firing.
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/exit.drl", HEADER + """
                function void stop() {
                    java.lang.System.exit( 3 );
                }
                rule "ends the process"
                when
                    RefundCase()
                then
                    System.exit( 3 );
                    Runtime.getRuntime().halt( 3 );
                    drools.getKieRuntime().addEventListener( new org.kie.api.event.rule.DefaultAgendaEventListener() );
                    kcontext.getKieRuntime().getKieBase().removeRule( "express", "any" );
                end
                rule "System.exit in a name" // System.exit( 3 ) in a comment
                when
                    RefundCase( refundId != "System.exit(3)" )
                then
                    MySystem.exit();
                    drools.exit();
                    String getKieBase = "getKieBase()";
                end
                """));

        assertEquals(List.of("5:15", "11:5", "12:5", "13:28", "14:30"),
                problems.stream().map(problem -> problem.line() + ":" + problem.column()).toList());
        assertTrue(problems.get(1).message().startsWith("System.exit would end the service's process"),
                problems.get(1).message());
        assertTrue(problems.get(2).message().startsWith("Runtime.getRuntime would end"), problems.get(2).message());
        assertTrue(problems.get(3).message().startsWith("addEventListener changes the session for every request"),
                problems.get(3).message());
        assertTrue(problems.get(4).message().startsWith("getKieBase reaches the rule set in service"),
                problems.get(4).message());
    }

    @Test
    void aRuleSwitchedByTheServersClockIsRefusedAtItsAttribute() {
        // Found by hand: the approval rule with date-expires "01-Jan-2030" passed every case, and on that day would
        // have stopped refunding; date-effective keeps a rule out of every case and replay run before its day.
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/dated.drl", HEADER + """
                rule "from next year"
                salience 10
                date-effective "01-Jan-2027"
                date-expires "01-Jan-2030"
                when
                    RefundCase( paidAt < Moments.instant( "2023-09-13T00:00+08:00" ) )
                then
                    String date = "date-effective";
                end
                """));

        assertEquals(List.of("6:1", "7:1"), problems.stream().map(problem -> problem.line() + ":" + problem.column()).toList(),
                problems.toString());
        assertTrue(problems.get(0).message().startsWith("date-effective switches the rule on or off by the server's clock"),
                problems.get(0).message());
        assertTrue(problems.get(1).message().startsWith("date-expires switches"), problems.get(1).message());
        assertTrue(problems.get(1).message().endsWith("RefundCase( paidAt < Moments.instant( \"2023-09-13T00:00+08:00\" ) )"),
                problems.get(1).message());
    }

    @Test
    void haltingTheRulesIsRefusedAtTheCall() {
        // Found by hand: a condition that halted after giving its reason sent to review the requests that the
        // merchant's strategy would have refunded, since the strategy's rules never fired.
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/halt.drl", HEADER + """
                rule "stops early"
                when
                    RefundCase( virtualGoods )
                then
                    insert( Unmet.expressRefund( "VIRTUAL", "Virtual goods." ) );
                    drools.halt();
                    kcontext.getKieRuntime().halt();
                    myTimer.halt();
                    String halt = "drools.halt()";
                end
                """));

        assertEquals(List.of("9:12", "10:30"), problems.stream().map(problem -> problem.line() + ":" + problem.column()).toList(),
                problems.toString());
        assertTrue(problems.get(0).message().startsWith("halt stops the rules before the others have their say: the "
                + "request's other unmet conditions go unreported, and the merchant's strategy is never weighed"),
                problems.get(0).message());
    }

    @Test
    void theClockChanceAndTheMachinesTimeZoneAreRefusedWhereverTheyAreWritten() {
        // A decision must follow from its facts: with the clock in a rule, a case passes today and fails tomorrow, a
        // replay differs from what was decided, and a retried request may be decided otherwise.
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/clock.drl", HEADER + """
                function boolean atNight(java.time.Instant moment) {
                    return moment.atZone( java.time.ZoneId.systemDefault() ).getHour() >= 22;
                }
                rule "asked late"
                when
                    RefundCase( requestedAt.isBefore( java.time.Instant.now().minusSeconds( 60 ) ) )
                then
                    insert( Unmet.expressRefund( "LATE", "at " + new java.util.Date() + System.currentTimeMillis() ) );
                    if ( Math.random() < 0.5 ) { insert( Unmet.expressRefund( "UNLUCKY", "" + new Random() ) ); }
                end
                rule "fixed moments and zones are fine" // Instant.now() in a comment
                when
                    RefundCase( requestedAt.isBefore( Instant.parse( "2025-01-01T00:00:00Z" ) ), refundId != "Instant.now()" )
                then
                    java.time.ZoneId zone = java.time.ZoneId.of( "Asia/Shanghai" );
                    java.util.Date fixed = new java.util.Date( 0L );
                    java.util.Random seeded = new Random( 7 );
                    String now = "now";
                    MyInstant.now();
                end
                """));

        assertEquals(List.of("5:37", "9:49", "11:50", "11:73", "12:10", "12:79"),
                problems.stream().map(problem -> problem.line() + ":" + problem.column()).toList(), problems.toString());
        assertTrue(problems.get(0).message().startsWith("ZoneId.systemDefault is the time zone of the machine"),
                problems.get(0).message());
        assertTrue(problems.get(0).message().endsWith("name the zone, as ZoneId.of(\"Asia/Shanghai\") for the platform's day"),
                problems.get(0).message());
        assertTrue(problems.get(1).message().startsWith("Instant.now reads the clock: a decision must follow from the "
                + "posted facts alone"), problems.get(1).message());
        assertTrue(problems.get(2).message().startsWith("new Date() reads the clock"), problems.get(2).message());
        assertTrue(problems.get(3).message().startsWith("System.currentTimeMillis reads the clock"), problems.get(3).message());
        assertTrue(problems.get(4).message().startsWith("Math.random draws by chance"), problems.get(4).message());
        assertTrue(problems.get(5).message().startsWith("new Random() draws by chance"), problems.get(5).message());
    }

    @Test
    void droolsMatchesAPatternFromAnEntryPointOnlyWithFactsARuleInsertedThere() {
        // Read with the check off, to show what it guards against.
        RuleSet rules = new RuleSet(kieBaseWithoutTheCheck(HEADER + """
                rule "never sees the request"
                when
                    RefundCase() from entry-point "orders"
                then
                    insert( Unmet.expressRefund( "ORDERS", "seen in the orders entry point" ) );
                end
                rule "marks the first request on a side entry point"
                when
                    RefundCase( refundId == "RF-1" )
                then
                    drools.getEntryPoint( "side" ).insert( "marker" );
                end
                rule "sees a marker"
                when
                    String() from entry-point "side"
                then
                    insert( Unmet.expressRefund( "MARKED", "a marker on the side entry point" ) );
                end
                rule "always"
                when
                    RefundCase()
                then
                    insert( Unmet.expressRefund( "ALWAYS", "every request" ) );
                end
                """), source(Map.of()), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));

        assertEquals(Set.of("ALWAYS", "MARKED"), codes(rules.evaluate(refundOf("10.00"), List.of())));
        // The first request's marker went with its decision: the next request does not see it.
        RefundCase next = new RefundCase("RF-2", "O-2", "S-1", RefundType.REFUND_ONLY, new BigDecimal("10.00"),
                new BigDecimal("10.00"), Instant.parse("2025-11-21T02:00:00Z"), Instant.parse("2025-11-21T02:01:00Z"),
                ShippingStatus.UNSHIPPED, false, Set.of("EXPRESS_REFUND"), true);
        assertEquals(Set.of("ALWAYS"), codes(rules.evaluate(next, List.of())));
    }

    @Test
    void aPatternFromAnEntryPointThatNoRuleInsertsIntoIsRefusedAtTheEntryPoint() {
        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/entry.drl", HEADER + """
                rule "never sees the request"
                when
                    RefundCase() from entry-point "orders"
                    String() from entry-point side
                then
                end
                """));
        assertEquals(List.of("6:23", "7:19"), problems.stream().map(problem -> problem.line() + ":" + problem.column()).toList());
        assertTrue(problems.get(0).message().startsWith("entry-point \"orders\" holds no fact"), problems.get(0).message());

        assertEquals(List.of(), RuleTextChecks.check(Map.of(
                "extra/entry.drl", HEADER + "rule \"sees\" when String() from entry-point \"side\" then end\n",
                "extra/marks.drl", HEADER + "rule \"marks\" when RefundCase() then drools.getEntryPoint( \"side\" )"
                        + ".insert( \"marker\" ); end\n")));
    }

    @Test
    void noTextMakesTheCheckThrowAndEveryProblemIsPlacedInsideTheText() {
        String[] pieces = { "rule ", "\"r\" ", "when", "then", "end", "global java.util.List g;", "timer", "duration",
            "\n", " ", "\t", "(", ")", "\"", "'", "\\", "//", "/*", "*/", "1", "0", ".", "e", "E", "-", "+", "_", "B",
            "d", "123.45", "1e400", ".5", "9_9.9", "x", "=", ">=" };
        // Found by this test's first run: "1.2.3" made the check throw (two points read as one literal).
        assertEquals(2, RuleTextChecks.checkFile("f.drl", "rule \"r\" when X( a > 1.2.3 ) then end").size());
        long seed = Long.getLong("checks.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        for (int round = 0; round < 10_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(60); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String drl = text.toString();
            List<RuleProblem> problems;
            try {
                problems = RuleTextChecks.checkFile("f.drl", drl);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": the check threw on:\n" + drl, e);
            }
            int lines = drl.split("\n", -1).length;
            for (RuleProblem problem : problems) {
                assertTrue(problem.line() >= 1 && problem.line() <= lines && problem.column() >= 1,
                        "seed " + seed + ": " + problem + " in:\n" + drl);
            }
        }
    }

    @Test
    void theCompilerRefusesTheTextWhileTheShippedRulesPass() {
        RuleCompiler.Compilation refused = RuleCompiler.compile(source(Map.of("extra/amounts.drl", HEADER + """
                rule "small refunds"
                when
                    RefundCase( refundAmount == 99.9 )
                then
                end
                """)));
        assertFalse(refused.succeeded());
        assertNull(refused.kieBase());
        assertEquals("extra/amounts.drl:6:33", refused.problems().get(0).file() + ":" + refused.problems().get(0).line()
                + ":" + refused.problems().get(0).column());

        RuleSource shipped = RuleSourceReader.read(java.nio.file.Path.of("rules")).source();
        assertEquals(List.of(), RuleTextChecks.check(shipped.drlFiles()));
    }

    @Test
    void anEnumOrCollectionFieldComparedWithTextIsRefusedWithWhatToWrite() {
        // Read with the check off, to show what it guards against: the text is never equal to the enum.
        RuleSet rules = new RuleSet(kieBaseWithoutTheCheck(HEADER + """
                rule "not unshipped, as text"
                when
                    RefundCase( shippingStatus != "UNSHIPPED" )
                then
                    insert( Unmet.expressRefund( "TEXT", "compared with text" ) );
                end
                """), source(Map.of()), Instant.now(), DecisionWatchdog.start(Duration.ofSeconds(2)));
        assertEquals(Set.of("TEXT"), codes(rules.evaluate(refundOf("10.00"), List.of())), "an unshipped order 'is not unshipped'");

        List<RuleProblem> problems = RuleTextChecks.check(Map.of("extra/status.drl", HEADER + """
                declare Parcel
                    shippingStatus : String
                end
                rule "as text"
                when
                    $c : RefundCase( shopId == "S-1", shippingStatus != "unshipped" )
                    RefundCase( refundType=="REFUND" )
                    RefundCase( serviceTags != "EXPRESS_REFUND" )
                    Parcel( shippingStatus == "UNSHIPPED" )
                    RefundCase( shippingStatus == ShippingStatus.SHIPPED, shippingStatus.name() == "SHIPPED" )
                then
                    String s = "RefundCase( shippingStatus == \"x\" )";
                end
                """));

        assertEquals(List.of(
                "extra/status.drl:9:39: shippingStatus is a ShippingStatus, never equal to the text \"unshipped\" (so == is "
                        + "always false and != always true): write ShippingStatus.UNSHIPPED (import "
                        + "io.expressrefund.rules.facts.ShippingStatus)",
                "extra/status.drl:10:17: refundType is a RefundType, never equal to the text \"REFUND\" (so == is always "
                        + "false and != always true): write one of RefundType.REFUND_ONLY, RefundType.RETURN_AND_REFUND "
                        + "(import io.expressrefund.rules.facts.RefundType)",
                "extra/status.drl:11:17: serviceTags is a collection, never equal to the text \"EXPRESS_REFUND\" (so == is "
                        + "always false and != always true): write serviceTags contains \"EXPRESS_REFUND\""),
                problems.stream().map(RuleProblem::describe).toList(),
                "a declared type's text field, a constant, name() and a consequence's string are left alone");
    }

    private static Set<String> codes(Evaluation evaluation) {
        return evaluation.reasons().stream().map(Unmet::code).collect(java.util.stream.Collectors.toSet());
    }

    private static RefundCase refundOf(String amount) {
        Instant paid = Instant.parse("2025-11-21T02:00:00Z");
        return new RefundCase("RF-1", "O-1", "S-1", RefundType.REFUND_ONLY, new BigDecimal(amount), new BigDecimal(amount),
                paid, paid.plusSeconds(60), ShippingStatus.UNSHIPPED, false, Set.of("EXPRESS_REFUND"), true);
    }

    /** Compiles as RuleCompiler does, without its check of decimal literals. */
    private static KieBase kieBaseWithoutTheCheck(String drl) {
        KieServices services = KieServices.Factory.get();
        ReleaseId releaseId = services.newReleaseId("io.expressrefund.test", "decimal-literals", "1");
        KieFileSystem files = services.newKieFileSystem().generateAndWritePomXML(releaseId)
                .write("src/main/resources/extra/amounts.drl", drl);
        KieBuilder builder = services.newKieBuilder(files).buildAll();
        assertEquals(List.of(), builder.getResults().getMessages(Message.Level.ERROR));
        try {
            return services.newKieContainer(releaseId).getKieBase();
        } finally {
            services.getRepository().removeKieModule(releaseId);
        }
    }

    private static RuleSource source(Map<String, String> drl) {
        return new RuleSource(new TreeMap<>(drl), Map.of());
    }
}
