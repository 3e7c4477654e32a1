package io.expressrefund.console;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.expressrefund.support.Api;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Requests;
import io.expressrefund.support.ServiceProcess;
import io.restassured.http.ContentType;

/** The console in headless Chromium against the packaged service: operators, merchants, shops kept apart, logout. */
class ConsoleIT {
    private static final String BROKEN = "package express\n\nrule \"console check\"\nwhen\n    eval(true\nthen\nend\n";
    private static final String FIXED = "package express\n\nrule \"console check\"\nwhen\n    eval(true)\nthen\nend\n";

    private static ServiceProcess service;
    private Browser browser;

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
        }
    };

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("console-data");
        service = ServiceProcess.start(Map.of("quarkus.datasource.\"h2\".jdbc.url", "jdbc:h2:file:" + data.resolve("db")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void operatorSeesTheRulesFindsASyntaxErrorAtItsLineFixesItAndReplaysIt() throws Exception {
        String shop = Ids.unique("S");
        String refundId = Ids.unique("RF");
        record(refundId, shop);
        browser = new Browser(service.baseUri());
        browser.logIn("operator", "operator-secret");

        assertEquals("/console/rules", browser.path());
        assertTrue(browser.find(By.id("version")).getText().startsWith("sha256:"));
        assertTrue(browser.find(By.id("files")).getText().contains("express/eligibility.drl"));
        assertTrue(browser.find(By.id("last-attempt")).getText().startsWith("activated"));
        browser.screenshot("console-rules");

        browser.open("/console/rules/draft");
        browser.find(By.id("name")).sendKeys("express/console-check.drl");
        WebElement editor = browser.find(By.id("editor"));
        editor.sendKeys(BROKEN);
        browser.find(By.id("validate")).click();
        assertTrue(browser.waitFor(By.id("outcome")).getText().startsWith("Refused"));
        WebElement problem = browser.find(By.cssSelector("li.problem-item"));
        assertEquals("express/console-check.drl", problem.getAttribute("data-file"));
        assertEquals("6", problem.getAttribute("data-line"), "Drools reports the unclosed eval( where it notices it: at then");
        assertTrue(problem.getText().startsWith("express/console-check.drl:6"));
        assertEquals("problem", browser.find(By.cssSelector("#gutter span[data-line='6']")).getAttribute("class"));
        assertEquals(1, browser.driver().findElements(By.cssSelector("#gutter span.problem")).size());
        browser.screenshot("console-draft");

        editor = browser.find(By.id("editor"));
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys(FIXED);
        browser.find(By.id("validate")).click();
        assertTrue(browser.waitFor(By.id("outcome")).getText().startsWith("Valid"));
        assertFalse(browser.driver().findElements(By.cssSelector("#case-results tr.passed")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("#case-results tr.failed")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("#gutter span.problem")).isEmpty());

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        browser.find(By.id("replay-from")).sendKeys(today.minusDays(1).toString());
        browser.find(By.id("replay-to")).sendKeys(today.plusDays(1).toString());
        browser.find(By.id("replay-shop")).sendKeys(shop);
        browser.find(By.id("replay")).click();
        new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                .until(ExpectedConditions.textToBe(By.id("replay-state"), "done"));
        WebElement progress = browser.find(By.id("progress"));
        assertEquals("1", progress.getAttribute("value"));
        assertEquals("1", progress.getAttribute("max"));
        assertEquals(4, browser.driver().findElements(By.cssSelector("figure.chart")).size());
        assertFalse(browser.driver().findElements(By.cssSelector("figure.chart svg rect.after")).isEmpty(),
                "the new rule fires on the replayed decision, so the rules chart has an after bar");
        assertTrue(browser.find(By.id("summary")).getText().startsWith("1 decisions replayed, 0 changed"));
        browser.screenshot("console-replay");

        browser.open("/console/decisions?shopId=" + shop);
        browser.find(By.linkText(refundId)).click();
        assertTrue(browser.waitFor(By.id("decision-outcome")).getText().startsWith("AUTO_REFUND EXPRESS_REFUND"));
        assertTrue(browser.find(By.id("request")).getText().contains("\"refundId\" : \"" + refundId + "\""));
        assertTrue(browser.find(By.id("fired")).getText().contains("express refund"));
    }

    @Test
    void merchantSeesFieldErrorsSavesAStrategyAndWatchesRefundsArriveLive() {
        browser = new Browser(service.baseUri());
        browser.logIn("merchant-s1", "merchant-secret");
        assertEquals("/console/shops/S-1", browser.path());

        fillStrategy("0.5", "20", "5000");
        assertEquals("must be at least 1.00 yuan", browser.waitFor(By.id("error-maxRefundAmount")).getText());
        assertTrue(browser.driver().findElements(By.id("error-dailyLimit")).isEmpty());

        fillStrategy("500.00", "20", "5000.00");
        browser.waitFor(By.id("saved"));
        assertEquals("20", browser.find(By.id("usage-count")).getAttribute("max"));
        browser.screenshot("console-strategy");

        browser.open("/console/shops/S-1/live");
        new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-state"), "Connected"));
        String refundId = Ids.unique("RF");
        record(refundId, "S-1");
        WebElement item = browser.waitFor(By.id("refund-" + refundId));
        assertTrue(item.findElement(By.className("stop")).getText().equalsIgnoreCase("Stop shipment"));
        assertTrue(item.getText().contains("O-" + refundId));
        browser.screenshot("console-live");

        browser.open("/console/shops/S-1/express");
        assertTrue(browser.find(By.id("express")).getText().contains(refundId));
    }

    @Test
    void aMerchantCannotOpenAnotherShopsPages() {
        browser = new Browser(service.baseUri());
        browser.logIn("merchant-s1", "merchant-secret");
        assertFalse(browser.find(By.tagName("nav")).getText().contains("S-2"));
        for (String page : new String[] { "/console/shops/S-2", "/console/shops/S-2/express", "/console/shops/S-2/live",
                "/console/shops/NO-SUCH-SHOP", "/console/rules", "/console/decisions" }) {
            browser.open(page);
            assertFalse(browser.driver().getPageSource().contains("S-2:"), page);
            if (page.startsWith("/console/shops")) {
                assertEquals("You may not see this shop.", browser.find(By.id("error-message")).getText(), page);
            } else {
                assertEquals("This page is for operators.", browser.find(By.id("error-message")).getText(), page);
            }
        }
    }

    @Test
    void loggingOutEndsTheSession() {
        browser = new Browser(service.baseUri());
        browser.logIn("operator", "operator-secret");
        browser.find(By.id("logout")).click();
        browser.waitFor(By.id("logged-out"));
        browser.open("/console/rules");
        browser.waitFor(By.id("login"));
        assertTrue(browser.path().startsWith("/console/login"), browser.path());
    }

    private void fillStrategy(String cap, String count, String amount) {
        WebElement enabled = browser.find(By.id("enabled"));
        if (!enabled.isSelected()) {
            enabled.click();
        }
        for (var field : Map.of("maxRefundAmount", cap, "dailyLimit", count, "dailyAmountLimit", amount).entrySet()) {
            WebElement input = browser.find(By.id(field.getKey()));
            input.clear();
            input.sendKeys(field.getValue());
        }
        browser.find(By.id("save-strategy")).click();
    }

    /** Records a qualifying express refund as the after-sales system does, requested half an hour ago. */
    private static void record(String refundId, String shopId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);
        var request = Requests.qualifying(refundId).with("shop.shopId", shopId)
                .with("requestedAt", now.minusMinutes(30).toString()).with("order.paidAt", now.minusHours(1).toString());
        given().baseUri(service.baseUri()).auth().preemptive().basic("after-sales", "after-sales-secret")
                .contentType(ContentType.JSON).body(request.map()).post(Api.DECISIONS).then().statusCode(201);
    }
}
