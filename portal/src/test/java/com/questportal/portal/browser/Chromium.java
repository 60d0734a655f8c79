package com.questportal.portal.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import java.util.logging.Level;

/**
 * A real headless Chromium for browser journeys: {@code @ExtendWith(Chromium.class)} and take a
 * {@link WebDriver} parameter. One browser per test class, closed after it. Uses Debian's
 * {@code chromium} and {@code chromium-driver} directly, so Selenium Manager never tries the network.
 * Outside CI a machine without them skips these tests and says why; in CI ({@code CI=true})
 * they run and fail, because a green build must have driven a browser.
 */
public final class Chromium implements ExecutionCondition, ParameterResolver, TestWatcher {

    private static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Chromium.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Files.isExecutable(BINARY) && Files.isExecutable(DRIVER)) {
            return ConditionEvaluationResult.enabled("Chromium at " + BINARY + ", driver at " + DRIVER);
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("CI must run browser tests; Chromium is missing and they will fail");
        }
        return ConditionEvaluationResult.disabled("Browser test skipped: no " + BINARY + " or " + DRIVER
                + " on this machine. Install them with: apt-get install -y chromium chromium-driver");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WebDriver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context).driver();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Browser browser = context.getParent()
                .map(parent -> parent.getStore(NAMESPACE).get(Browser.class, Browser.class))
                .orElse(null);
        if (browser != null) {
            browser.screenshot(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
        }
    }

    private static Browser browser(ExtensionContext context) {
        ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Browser.class, type -> Browser.start(), Browser.class);
    }

    /** A headless Chromium outside JUnit (benchmarks); the caller quits it. */
    public static WebDriver startDriver() {
        return Browser.start().driver();
    }

    /** A started browser, closed with the test class that opened it. */
    record Browser(WebDriver driver) implements AutoCloseable {

        static Browser start() {
            if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
                throw new IllegalStateException("Chromium is not installed (" + BINARY + ", " + DRIVER
                        + "): apt-get install -y chromium chromium-driver");
            }
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1440,900", "--lang=en-GB",
                    // The sandbox's HTTPS listeners present one self-signed certificate; a person clicks through its warning.
                    "--ignore-certificate-errors");
            // The browser's console, so that a journey can fail on any error a page logs (a failed request included).
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver);
        }

        void screenshot(String name) {
            if (driver instanceof TakesScreenshot camera) {
                File shot = camera.getScreenshotAs(OutputType.FILE);
                try {
                    Path target = Path.of("target", "browser-screenshots", name + ".png");
                    Files.createDirectories(target.getParent());
                    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new IllegalStateException("could not keep the failure screenshot " + name, e);
                }
            }
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
