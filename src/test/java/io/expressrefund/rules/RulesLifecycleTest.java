package io.expressrefund.rules;

import static io.expressrefund.support.EditableRulesProfile.RULES;
import static io.expressrefund.support.Requests.qualifying;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.expressrefund.rules.cases.RuleCaseRunner;
import io.expressrefund.rules.diagnostics.RuleProblem;
import io.expressrefund.rules.engine.DecisionWatchdog;
import io.expressrefund.rules.source.RuleSource;
import io.expressrefund.rules.source.RuleSourceReader;
import io.expressrefund.support.Api;
import io.expressrefund.support.EditableRulesProfile;
import io.expressrefund.support.Json;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(EditableRulesProfile.class)
class RulesLifecycleTest {
    private static final String POLICY = "express/policy.drl";
    private static final String ELIGIBILITY = "express/eligibility.drl";
    private static final String BOUND = "new BigDecimal(\"300.00\")";
    private static final String PROBE = "express/probe.drl";

    @jakarta.inject.Inject
    RuleCaseRunner caseRunner;

    @AfterEach
    void putTheRealRulesBack() {
        RULES.restore();
        Api.operator().post(Api.RULES + "/reload").then().statusCode(200);
    }

    @Test
    void statusNamesTheVersionTheFilesTheRulesAndTheCases() {
        String version = decide(qualifying("RF-V")).path("ruleSetVersion");
        Api.operator().get(Api.RULES).then().statusCode(200)
                .body("version", equalTo(version))
                .body("builtAt", notNullValue())
                .body("files.name", hasItem(POLICY))
                .body("files.find { it.name == 'express/policy.drl' }.sha256", notNullValue())
                .body("rules", hasItem("express/Express refund needs a paid amount not over the limit"))
                .body("casesPassed", greaterThan(9));
    }

    @Test
    void editingTheBoundOnDiskDecidesNewRequestsWithinSecondsWithNoCall() {
        Json order350 = qualifying("RF-350").with("order.paidAmount", 350.00).with("refundAmount", 350.00);
        assertEquals("MANUAL_REVIEW", decide(order350).path("outcome"));

        // An author moving the bound to 400 yuan also drops the case that pinned 300.01 as over it.
        RULES.remove("tests/paid-amount-of-300.01-goes-to-review.json");
        RULES.replace(POLICY, BOUND, "new BigDecimal(\"400.00\")");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> "AUTO_REFUND".equals(decide(order350).path("outcome")));
        Api.operator().get(Api.RULES).then().body("builtBy", equalTo("rules-watcher"));
    }

    @Test
    void aSyntaxErrorIsRefusedWithFileAndLineWhileTheOldRulesServe() {
        String before = activeVersion();
        RULES.replace(ELIGIBILITY, "RefundCase( virtualGoods )", "RefundCase( virtualGoods ");

        Response refused = Api.operator().post(Api.RULES + "/reload");
        refused.then().statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].kind", equalTo("COMPILE_ERROR"))
                .body("errors[0].file", equalTo(ELIGIBILITY))
                .body("errors[0].line", greaterThan(30));
        assertEquals(before, decide(qualifying("RF-OLD")).path("ruleSetVersion"));
        assertEquals("AUTO_REFUND", decide(qualifying("RF-OLD")).path("outcome"));
        Api.operator().get(Api.RULES).then()
                .body("version", equalTo(before))
                .body("lastError.requestedBy", notNullValue())
                .body("lastError.errors[0].file", equalTo(ELIGIBILITY));
    }

    @Test
    void aTypeErrorIsRefusedWithFileAndLine() {
        String before = activeVersion();
        RULES.replace(POLICY, "return new BigDecimal(\"300.00\");", "return \"300.00\";");

        Api.operator().post(Api.RULES + "/reload").then().statusCode(422)
                .body("errors.findAll { it.file == 'express/policy.drl' && it.line != null }[0].line", equalTo(12))
                .body("errors.findAll { it.file == 'express/policy.drl' && it.line != null }[0].message",
                        containsString("cannot convert from String to BigDecimal"));
        assertEquals(before, activeVersion());
    }

    @Test
    void aChangeThatBreaksAnAuthorsCaseIsRefusedNamingTheCase() {
        String before = activeVersion();
        RULES.replace(POLICY, BOUND, "new BigDecimal(\"200.00\")");

        Api.operator().post(Api.RULES + "/reload").then().statusCode(422)
                .body("errors.kind", hasItem("CASE_FAILED"))
                .body("errors.caseName", hasItem("paid-amount-of-exactly-300-qualifies.json"))
                .body("errors.find { it.caseName == 'paid-amount-of-exactly-300-qualifies.json' }.expected.outcome",
                        equalTo("AUTO_REFUND"))
                .body("errors.find { it.caseName == 'paid-amount-of-exactly-300-qualifies.json' }.actual.outcome",
                        equalTo("MANUAL_REVIEW"));
        assertEquals(before, activeVersion());
    }

    @Test
    void requestsInParallelWithRepeatedReloadsAllSucceedEachOnOneVersion() throws Exception {
        Set<String> versions = ConcurrentHashMap.newKeySet();
        versions.add(activeVersion());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> clients = new ArrayList<>();
            for (int client = 0; client < 3; client++) {
                int id = client;
                clients.add(pool.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < 60; i++) {
                        Response response = decide(qualifying("RF-P" + id + "-" + i));
                        assertEquals(200, response.statusCode(), response.asString());
                        assertEquals("AUTO_REFUND", response.path("outcome"));
                        seen.add(response.path("ruleSetVersion"));
                    }
                    return seen;
                }));
            }
            for (int reload = 1; reload <= 8; reload++) {
                RULES.write(POLICY, RULES.read(POLICY) + "\n// reload " + reload + "\n");
                versions.add(Api.operator().post(Api.RULES + "/reload").then().statusCode(200)
                        .extract().path("version"));
            }
            for (Future<List<String>> client : clients) {
                for (String version : client.get()) {
                    assertTrue(versions.contains(version), version + " is not a version that was activated");
                }
            }
            assertTrue(versions.size() >= 5, "the reloads should have activated new versions: " + versions);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void validateCompilesAndRunsCasesButActivatesNothing() {
        String before = activeVersion();
        Object lastErrorBefore = Api.operator().get(Api.RULES).then().extract().path("lastError");
        String policy = RULES.read(POLICY).replace(BOUND, "new BigDecimal(\"1000.00\")");
        Map<String, Object> files = Map.of(POLICY, policy,
                ELIGIBILITY, RULES.read(ELIGIBILITY),
                "express/approval.drl", RULES.read("express/approval.drl"),
                "express/old-rule-window.drl", RULES.read("express/old-rule-window.drl"));
        Map<String, Object> cases = Map.of("thousand.json", Map.of(
                "request", qualifying("RF-K").with("order.paidAmount", 999.00).with("refundAmount", 1.00).map(),
                "expected", Map.of("outcome", "AUTO_REFUND", "path", "EXPRESS_REFUND", "reasons", List.of())));

        Api.operator().body(Map.of("files", files, "cases", cases)).post(Api.RULES + "/validate").then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("casesPassed", equalTo(1))
                .body("version", not(equalTo(before)));
        // Without cases of its own, the folder's cases run: the 1000-yuan bound breaks two of them.
        Api.operator().body(Map.of("files", files)).post(Api.RULES + "/validate").then()
                .statusCode(422)
                .body("errors.caseName", hasItem("paid-amount-of-300.01-goes-to-review.json"));
        Api.operator().body(Map.of("files", Map.of(POLICY, "rule \"broken\" when then"))).post(Api.RULES + "/validate")
                .then().statusCode(422)
                .body("errors[0].file", equalTo(POLICY));

        assertEquals(before, activeVersion());
        Api.operator().get(Api.RULES).then().body("lastError", equalTo(lastErrorBefore));
    }

    @Test
    void aCaseAddedOnItsOwnIsRunAndMovesTheVersion() {
        String before = activeVersion();
        RULES.write("tests/added-alone.json", RULES.read("tests/express-refund-when-every-condition-holds.json"));

        Api.operator().post(Api.RULES + "/reload").then().statusCode(200)
                .body("version", not(equalTo(before)))
                .body("cases", hasItem("added-alone.json"))
                .body("lastAttempt.result", equalTo("activated"));
    }

    @Test
    void aFailingCaseChangedOnItsOwnIsRefusedAndTheRulesKeepServing() {
        String before = activeVersion();
        RULES.replace("tests/paid-amount-of-exactly-300-qualifies.json", "\"AUTO_REFUND\"", "\"MANUAL_REVIEW\"");

        Api.operator().post(Api.RULES + "/reload").then().statusCode(422)
                .body("errors.caseName", hasItem("paid-amount-of-exactly-300-qualifies.json"));
        assertEquals(before, activeVersion());
        assertEquals("AUTO_REFUND", decide(qualifying("RF-CASE")).path("outcome"));
    }

    @Test
    void lastErrorIsClearedWhenTheFolderReturnsToTheRulesInService() {
        String before = activeVersion();
        RULES.replace(ELIGIBILITY, "RefundCase( virtualGoods )", "RefundCase( virtualGoods ");
        Api.operator().post(Api.RULES + "/reload").then().statusCode(422);
        Api.operator().get(Api.RULES).then()
                .body("lastAttempt.result", equalTo("refused"))
                .body("lastError.errors[0].file", equalTo(ELIGIBILITY));

        RULES.restore();
        Api.operator().post(Api.RULES + "/reload").then().statusCode(200)
                .body("version", equalTo(before))
                .body("lastAttempt.result", equalTo("unchanged"))
                .body("lastAttempt.version", equalTo(before))
                .body("lastError", nullValue());
    }

    @Test
    void lastErrorIsClearedWhenTheFolderBuildsToANewGoodSet() {
        String before = activeVersion();
        RULES.replace(ELIGIBILITY, "RefundCase( virtualGoods )", "RefundCase( virtualGoods ");
        Api.operator().post(Api.RULES + "/reload").then().statusCode(422);

        RULES.restore();
        RULES.write(POLICY, RULES.read(POLICY) + "\n// a good change\n");
        // The watcher may activate the change before the reload does; then the reload finds it unchanged.
        String activated = Api.operator().post(Api.RULES + "/reload").then().statusCode(200)
                .body("lastAttempt.result", org.hamcrest.Matchers.oneOf("activated", "unchanged"))
                .body("lastError", nullValue())
                .extract().path("version");
        assertNotEquals(before, activated);
        Api.operator().get(Api.RULES).then().body("lastAttempt.version", equalTo(activated));
    }

    @Test
    void aCaseThatCannotBeReadIsRefusedAtItsLineInTheServicesWords() {
        String before = activeVersion();
        String misspelt = RULES.read("tests/express-refund-when-every-condition-holds.json")
                .replace("\"expected\"", "\"expectd\"");
        RULES.write("tests/misspelt-key.json", misspelt);
        int line = misspelt.substring(0, misspelt.indexOf("\"expectd\"")).split("\n", -1).length;
        String textSwitch = RULES.read("tests/express-refund-when-every-condition-holds.json")
                .replace("\"virtualGoods\": false", "\"virtualGoods\": \"false\"");
        RULES.write("tests/text-switch.json", textSwitch);
        int switchLine = textSwitch.substring(0, textSwitch.indexOf("\"virtualGoods\"")).split("\n", -1).length;
        String twice = RULES.read("tests/express-refund-when-every-condition-holds.json")
                .replace("\"virtualGoods\": false", "\"virtualGoods\": false, \"virtualGoods\": true");
        RULES.write("tests/given-twice.json", twice);
        int twiceLine = twice.substring(0, twice.indexOf("\"virtualGoods\"")).split("\n", -1).length;

        Api.operator().post(Api.RULES + "/reload").then().statusCode(422)
                .body("errors.find { it.caseName == 'text-switch.json' }.line", equalTo(switchLine))
                .body("errors.find { it.caseName == 'text-switch.json' }.message",
                        equalTo("cannot be read: request.order.virtualGoods must be true or false"))
                .body("errors.find { it.caseName == 'given-twice.json' }.line", equalTo(twiceLine))
                .body("errors.find { it.caseName == 'given-twice.json' }.message",
                        equalTo("cannot be read: request.order.virtualGoods is given twice: give each field once"))
                .body("errors.find { it.caseName == 'misspelt-key.json' }.file", equalTo("tests/misspelt-key.json"))
                .body("errors.find { it.caseName == 'misspelt-key.json' }.line", equalTo(line))
                .body("errors.find { it.caseName == 'misspelt-key.json' }.message",
                        startsWith("cannot be read: expectd is not a field"))
                .body(not(containsString("io.expressrefund")))
                .body(not(containsString("Unrecognized field")));
        assertEquals(before, activeVersion());
    }

    @Test
    void aCandidateWhoseRuleOverflowsTheStackIsRefusedNamingTheRuleNotA500() {
        String before = activeVersion();
        String deep = """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;
                function int deeper(int depth) {
                    return deeper(depth + 1) + 1;
                }
                rule "Recurses without end"
                when
                    RefundCase()
                then
                    deeper( 0 );
                end
                """;
        String inCondition = """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;
                function boolean deeper(int depth) {
                    return deeper(depth + 1);
                }
                rule "Recurses without end in a condition"
                when
                    eval( deeper( 0 ) )
                then
                end
                """;
        for (String drl : List.of(deep, inCondition)) {
            Map<String, String> files = shippedFilesWith("extra/deep.drl", drl);
            Api.operator().body(Map.of("files", files)).post(Api.RULES + "/validate").then()
                    .statusCode(422)
                    .contentType(containsString("problem+json"))
                    .body("errors[0].message", containsString("StackOverflowError"));
        }
        Api.operator().body(Map.of("files", shippedFilesWith("extra/deep.drl", deep)))
                .post(Api.RULES + "/validate").then()
                .body("errors[0].message", containsString("function \"extra/deeper()\""))
                .body("errors[0].file", equalTo("extra/deep.drl"))
                .body("errors[0].line", equalTo(3));
        assertEquals(before, activeVersion());
    }

    @Test
    void anEvalThatThrowsIsRefusedAtItsRuleEvenWithoutARuleFiring() {
        // Drools names no rule for it: the rule is found from the class Drools generated for it ("!" and all).
        String evalDrl = """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;

                rule "Divides by zero!"
                when
                    eval( 1 / 0 == 1 )
                then
                end
                """;
        Api.operator().body(Map.of("files", shippedFilesWith("extra/eval.drl", evalDrl)))
                .post(Api.RULES + "/validate").then()
                .statusCode(422)
                .body("errors[0].kind", equalTo("RULE_FAILED"))
                .body("errors[0].file", equalTo("extra/eval.drl"))
                .body("errors[0].line", equalTo(4))
                .body("errors[0].message", containsString("ArithmeticException: / by zero (rule \"extra/Divides by zero!\""));
    }

    @Test
    void textOnWhichTheRuleCompilerItselfFailsIsRefusedAtItsFileNotA500() {
        // Drools generates a class that does not verify for this default value (a VerifyError from the compiler).
        String boom = """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;
                declare Boom
                    x : int = 1 / 0
                end
                rule "Makes a Boom"
                when
                    RefundCase()
                then
                    insert( new Boom() );
                end
                """;
        String before = activeVersion();
        Api.operator().body(Map.of("files", shippedFilesWith("extra/boom.drl", boom)))
                .post(Api.RULES + "/validate").then()
                .statusCode(422)
                .body("errors[0].kind", equalTo("COMPILE_ERROR"))
                .body("errors[0].file", equalTo("extra/boom.drl"))
                .body("errors[0].message", containsString("VerifyError"));
        assertEquals(before, activeVersion());
    }

    @Test
    void anAmountComparedWithADoubleIsRefusedAtTheLiteralAndTheDecimalIsAccepted() {
        String policy = RULES.read("express/eligibility.drl")
                .replace("paidAmount > maxPaidAmountForExpressRefund()", "paidAmount > 299.99");
        int line = lineOf(policy, "paidAmount > 299.99");
        String before = activeVersion();
        Api.operator().body(Map.of("files", shippedFilesWith("express/eligibility.drl", policy)))
                .post(Api.RULES + "/validate").then()
                .statusCode(422)
                .body("errors", hasSize(1))
                .body("errors[0].kind", equalTo("COMPILE_ERROR"))
                .body("errors[0].file", equalTo("express/eligibility.drl"))
                .body("errors[0].line", equalTo(line))
                .body("errors[0].column", equalTo(policy.split("\n", -1)[line - 1].indexOf("299.99") + 1))
                .body("errors[0].message", containsString("write 299.99B for the exact decimal"));
        assertEquals(before, activeVersion());

        Api.operator().body(Map.of("files", shippedFilesWith("express/eligibility.drl",
                        policy.replace("paidAmount > 299.99", "paidAmount > 300.00B"))))
                .post(Api.RULES + "/validate").then()
                .statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void rulesThatConcludeNothingForACaseAreRefusedNamingTheCases() {
        String takingAway = """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;
                rule "Takes the request away before anything concludes"
                salience 1000
                when
                    $request : RefundCase( paidAmount > 300 )
                then
                    delete( $request );
                end
                """;
        String before = activeVersion();
        Api.operator().body(Map.of("files", shippedFilesWith("extra/taking-away.drl", takingAway)))
                .post(Api.RULES + "/validate").then()
                .statusCode(422)
                .body("errors.kind", hasItem("RULES_CONCLUDED_NOTHING"))
                .body("errors.find { it.kind == 'RULES_CONCLUDED_NOTHING' }.message",
                        containsString("rules fired: Takes the request away before anything concludes"))
                .body("errors.find { it.kind == 'RULES_CONCLUDED_NOTHING' }.message",
                        containsString("paid-amount-of-300.01-goes-to-review.json"));
        assertEquals(before, activeVersion());
    }

    private static int lineOf(String text, String part) {
        return text.substring(0, text.indexOf(part)).split("\n", -1).length;
    }

    @Test
    void aCompilerFailureThatNamesNoFileIsPlacedAtTheFileWithoutWhichItCompiles() {
        // Found by RuleTextFuzzTest: this consequence makes Drools' compiler throw a NullPointerException that names
        // nothing of the text.
        String window = RULES.read("express/old-rule-window.drl")
                .replace("            + oldRuleRequestWindow().toHours()", "1 / 0        not      + oldRuleRequestWindow().toHours()");
        Api.operator().body(Map.of("files", shippedFilesWith("express/old-rule-window.drl", window)))
                .post(Api.RULES + "/validate").then()
                .statusCode(422)
                .body("errors[0].kind", equalTo("COMPILE_ERROR"))
                .body("errors[0].file", equalTo("express/old-rule-window.drl"))
                .body("errors[0].message", containsString("the rule compiler failed on this text"));
    }

    @Test
    void aCompilerFailureThatNamesADeclaredTypeIsPlacedAtItsDeclaration() {
        // Found by hand: the compiler throws (IncompatibleClassChangeError) for a type declared to extend a final
        // class, naming the class it made; the problem named the file but no line.
        String sneaky = """
                package extra;
                import io.expressrefund.rules.facts.RefundCase;

                declare SneakyCaseItem
                    sku : String
                end

                declare SneakyCase extends RefundCase
                    note : String
                end
                """;
        Api.operator().body(Map.of("files", shippedFilesWith("extra/sneaky.drl", sneaky)))
                .post(Api.RULES + "/validate").then()
                .statusCode(422)
                .body("errors", hasSize(1))
                .body("errors[0].kind", equalTo("COMPILE_ERROR"))
                .body("errors[0].file", equalTo("extra/sneaky.drl"))
                .body("errors[0].line", equalTo(lineOf(sneaky, "declare SneakyCase ")))
                .body("errors[0].column", equalTo(9))
                .body("errors[0].message", containsString("cannot inherit from final class"));
    }

    @Test
    void aPostedCaseThatCannotBeReadIsPlacedAtItsLineInTheLayoutOfJq() throws Exception {
        // The case as its author keeps it, laid out as `jq .` does; posted as JSON, it has no lines of its own.
        String file = """
                {
                  "description": "posted with a misspelt key",
                  "request": {
                    "refundId": "RF-1001",
                    "requestedAt": "2025-11-21T11:17:45+08:00",
                    "refundType": "REFUND_ONLY",
                    "refundAmount": 120.50,
                    "order": {
                      "orderId": "O-1",
                      "paidAmount": 120.50,
                      "paidAt": "2025-11-21T09:00:00+08:00",
                      "shippingStatus": "UNSHIPPED",
                      "virtualGoods": false,
                      "serviceTags": [
                        "EXPRESS_REFUND"
                      ]
                    },
                    "shop": {
                      "shopId": "S-1",
                      "expressRefundEnabled": true
                    }
                  },
                  "expectd": {
                    "outcome": "AUTO_REFUND"
                  }
                }
                """;
        Object posted = new com.fasterxml.jackson.databind.ObjectMapper().readValue(file, Object.class);
        Api.operator().body(Map.of("files", shippedFilesWith(null, null), "cases", Map.of("posted.json", posted)))
                .post(Api.RULES + "/validate").then().statusCode(422)
                .body("errors[0].caseName", equalTo("posted.json"))
                .body("errors[0].line", equalTo(23))
                .body("errors[0].column", equalTo(3))
                .body("errors[0].message", startsWith("cannot be read: expectd is not a field"));
    }

    @Test
    void aRuleNoCaseFiresIsActivatedAndListedAsCheckedByNothingButCompiling() {
        Api.operator().get(Api.RULES).then().body("rulesNoCaseFires", equalTo(List.of()));
        RULES.write(PROBE, CheckRulesIT.UNTESTED_RULE);

        Api.operator().post(Api.RULES + "/reload").then().statusCode(200)
                .body("rules", hasItem("express/probe requests"))
                .body("rulesNoCaseFires", equalTo(List.of("express/Probe shop 1/2 is reviewed")));
        Api.operator().body(Map.of("files", shippedFilesWith(null, null))).post(Api.RULES + "/validate").then().statusCode(200)
                .body("rulesNoCaseFires", equalTo(List.of("express/Probe shop 1/2 is reviewed")));
    }

    @Test
    void withACasePerRuleRequiredARuleNoCaseFiresIsRefusedAtItsLine() {
        RULES.write(PROBE, CheckRulesIT.UNTESTED_RULE);
        RuleSource source = RuleSourceReader.read(RULES.folder()).source();

        RuleBuild.Outcome refused = new RuleBuild(source, caseRunner, DecisionWatchdog.start(Duration.ofSeconds(2)),
                new RuleBuild.Gate(true, true), java.time.Instant.now()).runWithin(Duration.ofSeconds(30), thread -> {
                });
        RuleBuild.Outcome warned = new RuleBuild(source, caseRunner, DecisionWatchdog.start(Duration.ofSeconds(2)),
                new RuleBuild.Gate(true, false), java.time.Instant.now()).runWithin(Duration.ofSeconds(30), thread -> {
                });

        assertEquals(null, refused.ruleSet());
        assertEquals(List.of(new RuleProblem("RULE_UNTESTED", PROBE, 6, null, "no case fires the rule \"express/Probe shop "
                + "1/2 is reviewed\": add a case under tests/ that reaches it (a case must fire every rule: "
                + "refund.rules.require-case-per-rule, check-rules --require-case-per-rule)", null, null, null)),
                refused.problems(), "at the rule's line, though its name holds a slash; the query is not asked to fire");
        assertEquals(List.of("express/Probe shop 1/2 is reviewed"), warned.ruleSet().rulesNoCaseFires());
        assertEquals("RULE_UNTESTED", warned.ruleSet().warnings().get(0).kind());
    }

    @Test
    void aRuleNoCaseFiresIsListedThoughARuleOfAnotherPackageHasItsNameAndFires() {
        RULES.write("probe/same-name.drl", """
                package probe;

                import io.expressrefund.rules.facts.RefundCase;
                import io.expressrefund.rules.facts.Unmet;

                rule "Refund at once when every express refund condition holds"
                when
                    RefundCase( shopId == "PROBE-X" )
                then
                    insert( Unmet.expressRefund( "PROBE", "Probe." ) );
                end
                """);
        RuleSource source = RuleSourceReader.read(RULES.folder()).source();

        RuleBuild.Outcome warned = new RuleBuild(source, caseRunner, DecisionWatchdog.start(Duration.ofSeconds(2)),
                new RuleBuild.Gate(true, false), java.time.Instant.now()).runWithin(Duration.ofSeconds(30), thread -> {
                });

        assertEquals(List.of("probe/Refund at once when every express refund condition holds"),
                warned.ruleSet().rulesNoCaseFires(), "express's rule of that name fires in cases; probe's in none");
    }

    @Test
    void filesSavedWithAByteOrderMarkAreTheSameRuleSet() {
        // As Notepad saves UTF-8. Found by hand: the DRL was refused at 1:1 and the case as "not valid JSON".
        String before = activeVersion();
        RULES.write("express/approval.drl", "\uFEFF" + RULES.read("express/approval.drl"));
        RULES.write("tests/shipped-order-goes-to-review.json", "\uFEFF" + RULES.read("tests/shipped-order-goes-to-review.json"));

        Api.operator().post(Api.RULES + "/reload").then().statusCode(200).body("version", equalTo(before))
                .body("lastError", nullValue());
        Api.operator().body(Map.of("files", shippedFilesWith("express/policy.drl", "\uFEFF" + RULES.read("express/policy.drl"))))
                .post(Api.RULES + "/validate").then().statusCode(200).body("version", equalTo(before));
    }

    @Test
    void fileNamesTakeAnyScriptAndSpacesButNoHiddenPart() {
        String chinese = "package 生鲜;\n\nrule \"生鲜商品不极速退款\"\nwhen\n    eval(false)\nthen\nend\n";
        Api.operator().body(Map.of("files", shippedFilesWith("生鲜/生鲜 规则.drl", chinese))).post(Api.RULES + "/validate")
                .then().statusCode(200).body("rules", hasItem("生鲜/生鲜商品不极速退款"));
        // The folder passes a hidden file over: posted, it would have been checked and then never served.
        Api.operator().body(Map.of("files", shippedFilesWith("express/.hidden.drl", chinese))).post(Api.RULES + "/validate")
                .then().statusCode(400).body("violations.field", equalTo(List.of("files.express/.hidden.drl")));
        // As a browser names a second download: the folder serves it, so it can be posted.
        Api.operator().body(Map.of("files", shippedFilesWith("生鲜/规则 (1).drl", chinese))).post(Api.RULES + "/validate")
                .then().statusCode(200);
        // A colon would break file:line:column; the folder refuses such a file too.
        Api.operator().body(Map.of("files", shippedFilesWith("生鲜/at 10:30.drl", chinese))).post(Api.RULES + "/validate")
                .then().statusCode(400).body("violations.field", equalTo(List.of("files.生鲜/at 10:30.drl")));
    }

    @Test
    void validateWarnsOfADeclaredFieldNoRequestCanPost() {
        Api.operator().body(Map.of("files", shippedFilesWith("fresh/product.drl", UnpostableFieldsTest.PRODUCT_FACTS)))
                .post(Api.RULES + "/validate").then().statusCode(200)
                .body("warnings.kind", equalTo(List.of("FIELD_NOT_POSTABLE", "FIELD_NOT_POSTABLE", "FIELD_NOT_POSTABLE")))
                .body("warnings[2].file", equalTo("fresh/product.drl"))
                .body("warnings[2].line", equalTo(5))
                .body("warnings[2].message", startsWith("the field weight of ProductFacts is a double"));
    }

    @Test
    void aFileOfTheFolderWhoseNameNoApiTakesIsRefusedAndOneThatLooksMeantButIsNotReadIsNamed() {
        String before = activeVersion();
        RULES.write("express/fresh.DRL", RULES.read(POLICY));
        RULES.write("express/a-case.json", RULES.read("tests/express-refund-when-every-condition-holds.json"));

        Api.operator().post(Api.RULES + "/reload").then().statusCode(200)
                .body("version", equalTo(before))
                .body("lastAttempt.result", equalTo("unchanged"))
                .body("lastAttempt.filesNotRead.file", equalTo(List.of("express/a-case.json", "express/fresh.DRL")))
                .body("lastAttempt.filesNotRead.kind", equalTo(List.of("FILE_NOT_READ", "FILE_NOT_READ")))
                .body("lastAttempt.filesNotRead[1].message",
                        equalTo("is not read: a rule file's name ends in .drl, in lower case"));

        RULES.write("express/at 10:30.drl", RULES.read(POLICY));
        Api.operator().post(Api.RULES + "/reload").then().statusCode(422)
                .body("errors.file", equalTo(List.of("express/at 10:30.drl")))
                .body("errors[0].kind", equalTo("UNREADABLE"))
                .body("errors[0].message", startsWith("its name holds ':'"));
        assertEquals(before, activeVersion());
    }

    @Test
    void aRuleSetWithoutCasesIsRefused() {
        String before = activeVersion();
        for (String name : List.copyOf(Api.operator().get(Api.RULES).then().extract().<List<String>>path("cases"))) {
            RULES.remove("tests/" + name);
        }

        Api.operator().post(Api.RULES + "/reload").then().statusCode(422)
                .body("errors[0].kind", equalTo("NO_CASES"))
                .body("errors[0].message", containsString("no case under tests/: add at least one"));
        assertEquals(before, activeVersion());
    }

    @Test
    void validateRefusesFileNamesOutsideTheRulesFolder() {
        Api.operator().body(Map.of("files", Map.of("../etc/passwd.drl", "package x;"))).post(Api.RULES + "/validate")
                .then().statusCode(400).body("violations.field", equalTo(List.of("files.../etc/passwd.drl")))
                .body("violations.message", equalTo(List.of("must be a relative path ending in .drl")));
        // A file with no text is named by its key too, not as the whole map.
        Map<String, Object> files = new java.util.HashMap<>();
        files.put("extra/empty.drl", null);
        Api.operator().body(Map.of("files", files)).post(Api.RULES + "/validate")
                .then().statusCode(400).body("violations.field", equalTo(List.of("files.extra/empty.drl")));
    }

    private static String activeVersion() {
        return Api.operator().get(Api.RULES).then().statusCode(200).extract().path("version");
    }

    private static Response decide(Json request) {
        return Api.afterSales().body(request.map()).post(Api.EVALUATE);
    }

    /** Every DRL file of the rules in the folder, plus {@code name} with {@code drl} when a name is given. */
    private static Map<String, String> shippedFilesWith(String name, String drl) {
        Map<String, String> files = new java.util.TreeMap<>(RuleSourceReader.read(RULES.folder()).source().drlFiles());
        if (name != null) {
            files.put(name, drl);
        }
        return files;
    }
}
