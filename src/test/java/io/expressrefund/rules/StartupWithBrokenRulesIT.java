package io.expressrefund.rules;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.expressrefund.support.Requests;
import io.expressrefund.support.ServiceProcess;
import io.expressrefund.support.TempRules;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged service refuses to start on rules that do not compile, and says where they are wrong; unless a rule
 * set was activated before, which it then serves, as the instances already running do.
 */
class StartupWithBrokenRulesIT {

    @Test
    void theServiceExitsNonZeroNamingFileAndLine() throws IOException, InterruptedException {
        TempRules rules = TempRules.copyOfRealRules("broken-rules");
        rules.replace("express/eligibility.drl", "RefundCase( virtualGoods )", "RefundCase( virtualGods )");
        Path log = Files.createTempFile("startup", ".log");

        Process service = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Drefund.rules.dir=" + rules.folder(),
                "-Dquarkus.http.port=0",
                "-Dquarkus.datasource.\"h2\".jdbc.url=jdbc:h2:mem:startup",
                "-jar", "target/quarkus-app/quarkus-run.jar"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean exited = service.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            service.destroyForcibly();
        }

        String output = Files.readString(log);
        assertTrue(exited, "the service should stop by itself; it printed:\n" + output);
        assertNotEquals(0, service.exitValue());
        assertTrue(output.contains("express/eligibility.drl:38"), "the output should name file and line:\n" + output);
        assertTrue(output.contains("virtualGods"), output);
    }

    @Test
    void withRulesActivatedBeforeItServesThemUntilTheFolderIsFixed() throws Exception {
        // In a fleet, a bad edit that the running instances refused kept every instance that restarted from starting.
        Path data = Files.createTempDirectory("last-good-data");
        TempRules rules = TempRules.copyOfRealRules("last-good-rules");
        Map<String, String> settings = new HashMap<>(Map.of(
                "refund.rules.dir", rules.folder().toString(),
                "quarkus.datasource.\"h2\".jdbc.url", "jdbc:h2:file:" + data.resolve("db")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0"));
        String good;
        try (ServiceProcess first = ServiceProcess.start(settings)) {
            good = as(first, "operator", "operator-secret").get("/api/v1/rules").then().statusCode(200).extract().path("version");
        }

        rules.replace("express/eligibility.drl", "RefundCase( virtualGoods )", "RefundCase( virtualGods )");
        try (ServiceProcess second = ServiceProcess.start(settings)) {
            as(second, "operator", "operator-secret").get("/api/v1/rules").then().statusCode(200)
                    .body("version", equalTo(good))
                    .body("builtBy", equalTo(RuleService.STARTUP_ON_LAST_GOOD))
                    .body("lastError.errors[0].file", equalTo("express/eligibility.drl"))
                    .body("lastError.errors[0].line", equalTo(38));
            as(second, "after-sales", "after-sales-secret").body(Requests.qualifying("RF-LAST-GOOD").map())
                    .post("/api/v1/refund-decisions/evaluate").then().statusCode(200)
                    .body("outcome", equalTo("AUTO_REFUND"))
                    .body("ruleSetVersion", equalTo(good));
            given().baseUri(second.baseUri()).get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'rules' }.data.builtBy", equalTo(RuleService.STARTUP_ON_LAST_GOOD))
                    .body("checks.find { it.name == 'rules' }.data.folderRefused", equalTo(true));

            rules.replace("express/eligibility.drl", "RefundCase( virtualGods )", "RefundCase( virtualGoods )");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(second, "operator", "operator-secret")
                    .get("/api/v1/rules").then().body("lastError", nullValue()).body("version", equalTo(good)));
        }

        // Turned off, the instance exits on the broken folder as it did before, the last good rules kept or not.
        rules.replace("express/eligibility.drl", "RefundCase( virtualGoods )", "RefundCase( virtualGods )");
        settings.put("refund.rules.start-on-last-good", "false");
        IllegalStateException exited = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(settings));
        assertTrue(exited.getMessage().contains("express/eligibility.drl:38"), exited.getMessage());
    }

    private static RequestSpecification as(ServiceProcess service, String user, String password) {
        return given().baseUri(service.baseUri()).auth().preemptive().basic(user, password).contentType("application/json");
    }
}
