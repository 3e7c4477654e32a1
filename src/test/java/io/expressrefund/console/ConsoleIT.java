package io.expressrefund.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

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

import com.fasterxml.jackson.databind.ObjectMapper;

import io.expressrefund.support.Api;
import io.expressrefund.support.Days;
import io.expressrefund.support.Ids;
import io.expressrefund.support.Json;
import io.expressrefund.support.Requests;
import io.expressrefund.support.ServiceProcess;
import io.restassured.http.ContentType;

/**
 * The console in headless Chromium against the packaged service: operators (rules, drafts of files and cases,
 * replays with their charts and changes, a replay cancelled, decisions searched page by page), merchants (strategy, live
 * feed, express refunds page by page), shops kept apart, logout. One browser for the class; each test logs in.
 */
class ConsoleIT {
    /** The shop the operator's draft holds back from express refund (so the replay changes its decision). */
    private static final String HELD_SHOP = Ids.unique("S");
    private static final String BROKEN = "package express\n\nimport io.expressrefund.rules.facts.RefundCase;\n"
            + "import io.expressrefund.rules.facts.Unmet;\n\nrule \"console check\"\nwhen\n    eval(true\nthen\nend\n";
    private static final String FIXED = "package express\n\nimport io.expressrefund.rules.facts.RefundCase;\n"
            + "import io.expressrefund.rules.facts.Unmet;\n\nrule \"console check\"\nwhen\n    RefundCase( shopId == \""
            + HELD_SHOP + "\" )\nthen\n    insert( Unmet.expressRefund( \"CONSOLE_CHECK\", \"Held back by the console check.\" ) );\nend\n";
    /** A consequence in a busy loop, reached only by the refund id {@link #SPIN_REFUND}: stopped, then held back. */
    private static final String SPIN_REFUND = Ids.unique("RF-SPIN");
    private static final String BUSY = "package extra;\n\nimport io.expressrefund.rules.facts.RefundCase;\n\n"
            + "rule \"console busy loop\"\nwhen\n    RefundCase( refundId == \"" + SPIN_REFUND + "\" )\nthen\n"
            + "    long until = System.nanoTime() + 30_000_000_000L;\n    while ( System.nanoTime() < until ) { }\nend\n";
    /** A fact type declared in the rules folder of this test, so that requests can post declared facts. */
    private static final String DECLARED = "package express;\n\ndeclare ProductFacts\n    category : String\nend\n";
    /** Decisions for the search: more than a page (25) of express refunds, and manual reviews. */
    private static final String SEARCH_SHOP = Ids.unique("S");
    private static final int SEARCH_EXPRESS = 30;
    private static final int SEARCH_MANUAL = 3;
    /** The shop of merchant-s2 whose express refunds are listed page by page; it also has manual reviews. */
    private static final String LISTED_SHOP = "S-3";
    private static final int LISTED_EXPRESS = 27;
    /** A shop whose decisions a slow draft (20 ms each, asleep) replays for seconds: long enough to cancel it. */
    private static final String BULK_SHOP = Ids.unique("S");
    private static final int BULK = 200;
    private static final String SLOW = "package express\n\nimport io.expressrefund.rules.facts.RefundCase;\n\n"
            + "function boolean slowly() {\n    try { Thread.sleep(20); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }\n"
            + "    return false;\n}\n\nrule \"console slow check\"\nwhen\n    RefundCase( shopId == \"" + BULK_SHOP + "\" )\n"
            + "    eval( slowly() )\nthen\nend\n";
    private static final LocalDate TODAY = LocalDate.now(Days.PLATFORM);

    private static ServiceProcess service;
    private static Browser browser;
    private static final List<String> searchExpress = new ArrayList<>();
    private static final List<String> searchManual = new ArrayList<>();
    private static final List<String> listedExpress = new ArrayList<>();
    private static final List<String> listedManual = new ArrayList<>();

    @RegisterExtension
    final AfterTestExecutionCallback screenshotOnFailure = context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
            browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
        }
    };

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("console-data");
        Path rules = copyOfTheRules(data.resolve("rules"));
        Files.writeString(rules.resolve("express/product-facts.drl"), DECLARED);
        Files.createDirectories(rules.resolve("extra"));
        Files.writeString(rules.resolve("extra/busy.drl"), BUSY);
        service = ServiceProcess.start(Map.of("quarkus.datasource.\"h2\".jdbc.url", "jdbc:h2:file:" + data.resolve("db")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0",
                "refund.rules.dir", rules.toString()));
        List<Map<String, Object>> requests = new ArrayList<>();
        for (int i = 0; i < SEARCH_EXPRESS; i++) {
            requests.add(express(collect(searchExpress, Ids.unique("RF")), SEARCH_SHOP).map());
        }
        for (int i = 0; i < SEARCH_MANUAL; i++) {
            requests.add(shipped(collect(searchManual, Ids.unique("RF")), SEARCH_SHOP).map());
        }
        for (int i = 0; i < LISTED_EXPRESS; i++) {
            requests.add(express(collect(listedExpress, Ids.unique("RF")), LISTED_SHOP).map());
        }
        for (int i = 0; i < 2; i++) {
            requests.add(shipped(collect(listedManual, Ids.unique("RF")), LISTED_SHOP).map());
        }
        for (int i = 0; i < BULK; i++) {
            requests.add(express(Ids.unique("RF"), BULK_SHOP).map());
        }
        recordAll(requests);
        browser = new Browser(service.baseUri());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @AfterEach
    void endTheSession() {
        browser.forget();
    }

    @Test
    void operatorFindsASyntaxErrorAtItsLineFixesItReplaysItAndFollowsAChangedDecision() {
        String refundId = Ids.unique("RF");
        record(express(refundId, HELD_SHOP).with("facts", Map.of("ProductFacts", Map.of("category", "BOOKS"))));
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
        browser.clickToNavigate(By.id("validate"));
        assertTrue(browser.waitFor(By.id("outcome")).getText().startsWith("Refused"));
        WebElement problem = browser.find(By.cssSelector("li.problem-item"));
        assertEquals("express/console-check.drl", problem.getAttribute("data-file"));
        assertEquals("9", problem.getAttribute("data-line"), "Drools reports the unclosed eval( where it notices it: at then");
        assertTrue(problem.getText().startsWith("express/console-check.drl:9"));
        assertEquals("problem", browser.find(By.cssSelector("#gutter span[data-line='9']")).getAttribute("class"));
        assertEquals(1, browser.driver().findElements(By.cssSelector("#gutter span.problem")).size());
        browser.screenshot("console-draft");

        editor = browser.find(By.id("editor"));
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys(FIXED);
        browser.clickToNavigate(By.id("validate"));
        String valid = browser.waitFor(By.id("outcome")).getText();
        assertTrue(valid.startsWith("Valid") && valid.contains("compiles and passes every case, with ") && valid.contains(" warning"), valid);
        // No case reaches the new rule (nor the busy loop of this folder): a warning at its line, which the gutter
        // does not mark as a problem.
        WebElement warning = browser.find(By.cssSelector("li.problem-item[data-file='express/console-check.drl']"));
        assertEquals("6", warning.getAttribute("data-line"));
        assertTrue(warning.getText().contains("RULE_UNTESTED no case fires the rule \"express/console check\""), warning.getText());
        assertFalse(browser.driver().findElements(By.cssSelector("#case-results tr.passed")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("#case-results tr.failed")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("#gutter span.problem")).isEmpty());

        replay(HELD_SHOP);
        browser.until(Duration.ofSeconds(30), ExpectedConditions.textToBe(By.id("replay-state"), "done"));
        WebElement progress = browser.find(By.id("progress"));
        assertEquals("1", progress.getAttribute("value"));
        assertEquals("1", progress.getAttribute("max"));
        assertTrue(browser.find(By.id("summary")).getText().startsWith("1 decisions replayed, 1 changed"));

        // Four charts drawn by uPlot (a canvas each, with bars of their colours in it), each with its table.
        assertEquals(4, browser.driver().findElements(By.cssSelector("figure.chart")).size());
        for (String chart : List.of("chart-transitions", "chart-shops", "chart-reasons", "chart-rules")) {
            WebElement figure = browser.find(By.id(chart));
            assertTrue(figure.getAttribute("class").contains("drawn"), chart + " was not drawn");
            WebElement canvas = figure.findElement(By.cssSelector(".plot .uplot canvas"));
            assertTrue(canvas.getSize().getWidth() > 300 && canvas.getSize().getHeight() > 80, chart + ": " + canvas.getSize());
            assertTrue(browser.pixelsOf(canvas, "#2857c5") > 50, chart + " has no bar of the 'after' colour");
            assertFalse(figure.findElements(By.cssSelector("details.numbers table tbody tr")).isEmpty(), chart);
        }
        WebElement rules = browser.find(By.id("chart-rules"));
        assertTrue(browser.pixelsOf(rules.findElement(By.tagName("canvas")), "#8a94a6") > 50, "rules fired before");
        assertTrue(rules.findElement(By.cssSelector("details.numbers table")).getAttribute("textContent").contains("console check"));
        assertTrue(browser.find(By.id("chart-transitions")).findElement(By.cssSelector("details.numbers table")).getAttribute("textContent")
                .contains("AUTO_REFUND / EXPRESS_REFUND → MANUAL_REVIEW"));
        assertEquals(List.of(), browser.scriptProblems(), "the replay page runs its scripts under the policy");
        browser.screenshot("console-replay");

        // The changed decision links to its page: everything that was posted (declared facts too) and decided.
        WebElement changed = browser.find(By.cssSelector("#changes tbody tr"));
        assertTrue(changed.getText().contains("CONSOLE_CHECK"), changed.getText());
        changed.findElement(By.linkText(refundId)).click();
        assertTrue(browser.waitFor(By.id("decision-outcome")).getText().startsWith("AUTO_REFUND EXPRESS_REFUND"));
        assertEquals(HELD_SHOP + " / O-" + refundId, browser.find(By.id("decision-shop")).getText());
        String posted = browser.find(By.id("request")).getText();
        assertTrue(posted.contains("\"refundId\" : \"" + refundId + "\""), posted);
        assertTrue(posted.contains("\"ProductFacts\" : {") && posted.contains("\"category\" : \"BOOKS\""), posted);
        assertTrue(browser.find(By.id("fired")).getText().contains("express refund"));
        assertTrue(browser.find(By.id("decision-version")).getText().startsWith("sha256:"));
        assertTrue(browser.find(By.id("decision-asked")).getText().startsWith("after-sales, requested "));
    }

    @Test
    void operatorSearchesDecisionsPageByPageAndOpensOne() {
        browser.logIn("operator", "operator-secret");
        browser.open("/console/decisions");
        browser.find(By.name("shopId")).sendKeys(SEARCH_SHOP);
        browser.find(By.name("from")).sendKeys(dateField(TODAY.minusDays(1)));
        browser.find(By.name("to")).sendKeys(dateField(TODAY));
        browser.clickToNavigate(By.cssSelector("form.search button"));
        browser.waitFor(By.id("decisions"));
        List<String> first = listed("decisions");
        assertEquals(25, first.size());
        assertTrue(browser.find(By.id("decisions")).findElements(By.cssSelector("tbody tr")).stream()
                .allMatch(row -> row.getText().contains(SEARCH_SHOP)));
        browser.clickToNavigate(By.id("next"));
        browser.waitFor(By.id("decisions"));
        List<String> second = listed("decisions");
        assertEquals(SEARCH_EXPRESS + SEARCH_MANUAL - 25, second.size());
        assertTrue(browser.driver().findElements(By.id("next")).isEmpty(), "the last page has no next page");
        Set<String> both = new HashSet<>(first);
        both.addAll(second);
        assertEquals(Stream.concat(searchExpress.stream(), searchManual.stream()).collect(Collectors.toSet()), both,
                "the two pages are every decision of the shop, each once");

        browser.open("/console/decisions?shopId=" + SEARCH_SHOP + "&outcome=MANUAL_REVIEW");
        assertEquals(Set.copyOf(searchManual), Set.copyOf(listed("decisions")));
        browser.open("/console/decisions?shopId=" + SEARCH_SHOP + "&path=EXPRESS_REFUND&outcome=AUTO_REFUND");
        assertEquals(25, listed("decisions").size());
        assertTrue(searchExpress.containsAll(listed("decisions")));
        browser.open("/console/decisions?shopId=" + SEARCH_SHOP + "&from=" + TODAY.plusDays(1));
        assertEquals(List.of(), listed("decisions"), "nothing was decided tomorrow");

        browser.open("/console/decisions");
        browser.find(By.name("refundId")).sendKeys(searchManual.get(0));
        browser.find(By.cssSelector("form.search button")).click();
        assertEquals("MANUAL_REVIEW", browser.waitFor(By.id("decision-outcome")).getText().strip());
        assertTrue(browser.find(By.id("reasons")).getText().contains("ALREADY_SHIPPED"));
        assertTrue(browser.find(By.id("reasons")).getText().contains("status SHIPPED"));
        assertTrue(browser.find(By.id("fired")).getText().contains("Express refund needs an order the platform shows unshipped"));
        assertTrue(browser.find(By.id("request")).getText().contains("\"shippingStatus\" : \"SHIPPED\""));
        assertTrue(browser.find(By.id("decision-version")).getText().startsWith("sha256:"));
        String asked = browser.find(By.id("decision-asked")).getText();
        assertTrue(asked.startsWith("after-sales, requested " + TODAY.getYear()) && asked.contains(", decided "), asked);
    }

    @Test
    void operatorOpensACaseAsADraftAndValidatesIt() {
        String caseFile = "tests/express-refund-when-every-condition-holds.json";
        browser.logIn("operator", "operator-secret");
        browser.find(By.id("cases")).findElements(By.tagName("tr")).stream()
                .filter(row -> row.getText().contains(caseFile)).findFirst().orElseThrow()
                .findElement(By.linkText("Open as draft")).click();
        assertEquals(caseFile, browser.waitFor(By.id("name")).getAttribute("value"));
        WebElement editor = browser.find(By.id("editor"));
        assertTrue(editor.getAttribute("value").contains("\"expected\""));
        int lines = editor.getAttribute("value").split("\n", -1).length;
        assertEquals(lines, browser.driver().findElements(By.cssSelector("#gutter span")).size(), "a number for every line");

        // The case expects the opposite outcome: validating the draft runs it, and it fails.
        String text = editor.getAttribute("value");
        assertTrue(text.contains("\"AUTO_REFUND\""), text);
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        editor.sendKeys(text.replace("\"AUTO_REFUND\"", "\"MANUAL_REVIEW\""));
        browser.clickToNavigate(By.id("validate"));
        assertTrue(browser.waitFor(By.id("outcome")).getText().startsWith("Refused"));
        WebElement failed = browser.find(By.cssSelector("#case-results tr.failed"));
        assertTrue(failed.getText().contains("express-refund-when-every-condition-holds"), failed.getText());
        assertTrue(failed.getText().contains("MANUAL_REVIEW") && failed.getText().contains("AUTO_REFUND"), failed.getText());
        assertEquals(caseFile, browser.find(By.id("name")).getAttribute("value"), "the draft stays open as it was");
    }

    @Test
    void operatorCancelsARunningReplay() {
        browser.logIn("operator", "operator-secret");
        browser.open("/console/rules/draft");
        browser.find(By.id("name")).sendKeys("express/console-slow-check.drl");
        browser.find(By.id("editor")).sendKeys(SLOW);
        replay(BULK_SHOP);
        assertTrue(browser.until(Duration.ofSeconds(15), ExpectedConditions.textToBe(By.id("replay-state"), "running")),
                "a replay of " + BULK + " decisions at 20 ms each is still running");
        // The running page reloads itself every second: click the button of the page that is there.
        browser.until(Duration.ofSeconds(10), driver -> {
            driver.findElement(By.id("cancel")).click();
            return true;
        });
        browser.until(Duration.ofSeconds(15), ExpectedConditions.textToBe(By.id("replay-state"), "cancelled"));
        assertTrue(browser.driver().findElements(By.id("cancel")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("figure.chart")).isEmpty(), "a cancelled replay has no charts");
        long done = Long.parseLong(browser.find(By.id("progress")).getAttribute("value"));
        assertTrue(done < BULK, done + " of " + BULK);
        browser.open("/console/rules/replays");
        assertTrue(browser.find(By.id("replays")).getText().contains("cancelled"));
    }

    @Test
    void merchantSeesFieldErrorsSavesAStrategyAndWatchesRefundsArriveLive() {
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
        record(express(refundId, "S-1"));
        WebElement item = browser.waitFor(By.id("refund-" + refundId));
        assertTrue(item.findElement(By.className("stop")).getText().equalsIgnoreCase("Stop shipment"));
        assertTrue(item.getText().contains("O-" + refundId));
        browser.screenshot("console-live");

        browser.open("/console/shops/S-1/express");
        assertTrue(browser.find(By.id("express")).getText().contains(refundId));
    }

    @Test
    void merchantListsOnlyExpressRefundsPageByPage() {
        browser.logIn("merchant-s2", "merchant-secret");
        browser.open("/console/shops/" + LISTED_SHOP + "/express");
        List<String> first = listed("express");
        assertEquals(25, first.size());
        browser.clickToNavigate(By.id("next"));
        browser.waitFor(By.id("express"));
        List<String> second = listed("express");
        assertEquals(LISTED_EXPRESS - 25, second.size());
        assertTrue(browser.driver().findElements(By.id("next")).isEmpty());
        Set<String> both = new HashSet<>(first);
        both.addAll(second);
        assertEquals(Set.copyOf(listedExpress), both, "every express refund once, and no manual review " + listedManual);
    }

    @Test
    void operatorSeesARuleHeldBackAfterItsConsequenceGotStuck() {
        browser.logIn("operator", "operator-secret");
        assertTrue(browser.driver().findElements(By.id("stuck-rules")).isEmpty(), "nothing is held back yet");

        // The consequence spins until its thread is stopped, at twice the decision limit: the request goes to review.
        given().baseUri(service.baseUri()).auth().preemptive().basic("after-sales", "after-sales-secret")
                .contentType(ContentType.JSON).body(express(SPIN_REFUND, SEARCH_SHOP).map()).post(Api.EVALUATE)
                .then().statusCode(200).body("reasons[0].code", equalTo("RULE_FAILURE"));

        browser.open("/console/rules");
        String heldBack = browser.find(By.id("stuck-rules")).getText();
        assertTrue(heldBack.startsWith("extra/console busy loop: the consequence got stuck"), heldBack);
        assertTrue(browser.driver().findElements(By.id("stuck-decisions")).isEmpty(), "its thread was stopped");
    }

    @Test
    void aMerchantCannotOpenAnotherShopsPages() {
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
        browser.logIn("operator", "operator-secret");
        browser.find(By.id("logout")).click();
        browser.waitFor(By.id("logged-out"));
        browser.open("/console/rules");
        browser.waitFor(By.id("login"));
        assertTrue(browser.path().startsWith("/console/login"), browser.path());
    }

    /** Starts a replay of the open draft over yesterday and today, for one shop. */
    private static void replay(String shop) {
        browser.find(By.id("replay-from")).sendKeys(TODAY.minusDays(1).toString());
        browser.find(By.id("replay-to")).sendKeys(TODAY.toString());
        browser.find(By.id("replay-shop")).sendKeys(shop);
        browser.find(By.id("replay")).click();
        browser.waitFor(By.id("replay-state"));
    }

    /** The refund ids in the first column of a table. */
    private static List<String> listed(String table) {
        return browser.find(By.id(table)).findElements(By.cssSelector("tbody tr td:first-child")).stream()
                .map(WebElement::getText).filter(text -> text.startsWith("RF-")).toList();
    }

    /** What to type into a date input: Chromium's field takes the digits in the locale's order (en-US here). */
    private static String dateField(LocalDate date) {
        return String.format("%02d%02d%04d", date.getMonthValue(), date.getDayOfMonth(), date.getYear());
    }

    private static void fillStrategy(String cap, String count, String amount) {
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

    private static String collect(List<String> into, String refundId) {
        into.add(refundId);
        return refundId;
    }

    /** A qualifying express refund as the after-sales system posts it, requested half an hour ago. */
    private static Json express(String refundId, String shopId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);
        return Requests.qualifying(refundId).with("shop.shopId", shopId)
                .with("requestedAt", now.minusMinutes(30).toString()).with("order.paidAt", now.minusHours(1).toString());
    }

    /** The same for an order already shipped: a manual review, with no path. */
    private static Json shipped(String refundId, String shopId) {
        return express(refundId, shopId).with("order.shippingStatus", "SHIPPED");
    }

    private static void record(Json request) {
        given().baseUri(service.baseUri()).auth().preemptive().basic("after-sales", "after-sales-secret")
                .contentType(ContentType.JSON).body(request.map()).post(Api.DECISIONS).then().statusCode(201);
    }

    /** Records many requests, 16 at a time. */
    private static void recordAll(List<Map<String, Object>> requests) throws InterruptedException {
        ObjectMapper json = new ObjectMapper();
        HttpClient client = HttpClient.newHttpClient();
        String authorization = "Basic " + Base64.getEncoder()
                .encodeToString("after-sales:after-sales-secret".getBytes(StandardCharsets.UTF_8));
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (Map<String, Object> request : requests) {
            inFlight.acquire();
            HttpRequest post;
            try {
                post = HttpRequest.newBuilder(URI.create(service.baseUri() + Api.DECISIONS))
                        .header("Content-Type", "application/json").header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request))).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sent.add(client.sendAsync(post, HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> inFlight.release()));
        }
        List<String> failed = IntStream.range(0, sent.size()).mapToObj(i -> sent.get(i).join())
                .filter(response -> response.statusCode() != 201).map(response -> response.statusCode() + " " + response.body())
                .limit(3).toList();
        assertEquals(List.of(), failed, "every seeded decision was recorded");
    }

    private static Path copyOfTheRules(Path target) throws IOException {
        Path source = Path.of("rules");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }
}
