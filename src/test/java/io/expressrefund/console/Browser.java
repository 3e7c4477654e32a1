package io.expressrefund.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) on one console, with its own profile. One browser
 * serves a whole test class: {@link #forget()} ends the session between tests.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final ChromeDriver driver;
    private final String base;

    Browser(String base) {
        this.base = base;
        Path profile;
        try {
            profile = Files.createTempDirectory("console-chromium");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1000", "--lang=en-US", "--user-data-dir=" + profile);
        // The page's console messages (a refused script or style, an uncaught error) are read by the tests.
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(base + path);
    }

    void logIn(String user, String password) {
        open("/console/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        waitFor(By.id("logout"));
    }

    /** Forgets the session and the CSRF cookie, as a new browser would start. */
    void forget() {
        driver.manage().deleteAllCookies();
    }

    /**
     * What the pages logged since the last call that a person would call broken: anything the
     * Content-Security-Policy refused, and uncaught script errors.
     */
    List<String> scriptProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy") || message.contains("Refused to")
                        || message.contains("Uncaught"))
                .toList();
    }

    /** How many pixels of a canvas are of this colour (opaque): 0 where nothing was drawn in it. */
    long pixelsOf(WebElement canvas, String hexColour) {
        Object painted = ((JavascriptExecutor) driver).executeScript(
                "var c = arguments[0], rgb = parseInt(arguments[1].slice(1), 16), n = 0;"
                        + "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "for (var i = 0; i < d.length; i += 4) {"
                        + "  if (d[i + 3] === 255 && ((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]) === rgb) { n++; } }"
                        + "return n;", canvas, hexColour);
        return ((Number) painted).longValue();
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks what loads a new page, and returns once the old page is gone (not just while it is still shown). */
    void clickToNavigate(By by) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(by).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ignored -> isGone(page));
    }

    /**
     * Whether the element's document was replaced. While the old document is being torn down,
     * chromedriver sometimes answers "Node with given id does not belong to the document" instead of
     * a stale element reference: that means gone too.
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException stale) {
            return true;
        } catch (WebDriverException torn) {
            if (String.valueOf(torn.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw torn;
        }
    }

    /**
     * Waits for a condition on a page that may reload itself meanwhile (a running replay does, every
     * second): a lookup that lands on a page being torn down is tried again on the next one.
     */
    <T> T until(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).ignoring(WebDriverException.class).until(condition);
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("no screenshot " + name + ": " + e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
