package com.questportal.portal.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the journey asks of every page it passes: a title, one main heading, no error in the browser's console (a failed
 * request, a 5xx among them, is one), no markup of the journey's hostile text let through unescaped, and no serious or
 * critical accessibility violation by axe-core (once per page and state). It also saves a page's picture at 1440×900 when the journey names one.
 */
final class JourneyPages {

    /** Text the journey types where people type text; a page that shows it must show it as text. */
    static final String HOSTILE = "<b id=\"unescaped\">staging</b> for the quest";

    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    private final WebDriver browser;
    private final Path screenshots;
    private final List<String> checked = new ArrayList<>();
    private final Set<String> audited = new java.util.HashSet<>();

    JourneyPages(WebDriver browser, Path screenshots) {
        this.browser = browser;
        this.screenshots = screenshots;
        browser.manage().window().setSize(new Dimension(1440, 900));
    }

    /** Checks the page the browser shows now, once it has loaded. */
    void check() {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(page -> "complete".equals(
                ((JavascriptExecutor) page).executeScript("return document.readyState")));
        String where = browser.getCurrentUrl();
        assertThat(browser.getTitle()).as("the title of " + where).isNotBlank().doesNotContain("null");
        List<WebElement> headings = browser.findElements(By.tagName("h1"));
        assertThat(headings).as("one main heading on " + where).hasSize(1);
        assertThat(headings.get(0).getText()).as("the main heading of " + where).isNotBlank()
                .as("an error page (a navigation answered 4xx or 5xx) at " + where).doesNotContainPattern("^[45]\\d\\d ");
        assertThat(browser.findElements(By.id("unescaped"))).as("markup typed by a person is shown as text on " + where).isEmpty();
        // AWS's own words may name its error codes (GeneralServiceException); ours never show a Java class or stack frame.
        assertThat(browser.findElement(By.tagName("body")).getText()).as("no stack trace or class name on " + where)
                .doesNotContainPattern("at (java|javax|jakarta|org|com)\\.[\\w.$]+\\(|(java|javax|jakarta|org|com)\\.[a-z][\\w.]*\\.[A-Z]\\w*"
                        + "(Exception|Error)|Whitelabel");
        noConsoleErrors(where);
        // axe-core once per page and state (its path, heading and operation or service status, numbers as one): it takes a
        // second or two, and the environment page alone is passed a dozen times a day.
        if (audited.add(state(where, headings.get(0).getText()))) {
            accessible(where);
        }
        checked.add(where);
    }

    private String state(String where, String heading) {
        String status = browser.findElements(By.cssSelector("#operation-status, #service-health")).stream().map(WebElement::getText)
                .reduce("", String::concat);
        return (java.net.URI.create(where).getPath() + "|" + heading + "|" + status).replaceAll("\\d+", "N");
    }

    /** Errors the page logged since the last look: a failed request (4xx or 5xx) or a script error. */
    void noConsoleErrors(String where) {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        assertThat(errors).as("the browser's console on " + where).isEmpty();
    }

    private void accessible(String where) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        List<String> blocking = new ArrayList<>();
        for (Rule violation : results.getViolations()) {
            if (BLOCKING.contains(violation.getImpact())) {
                blocking.add(violation.getImpact() + " " + violation.getId() + ": " + violation.getHelp() + " — "
                        + violation.getNodes().stream().limit(3).map(node -> String.valueOf(node.getTarget())).toList());
            }
        }
        assertThat(blocking).as("axe-core's serious and critical violations on " + where).isEmpty();
    }

    /**
     * The page at a laptop's 1280 px, where every card holds its tables without scrolling, and at a phone's 390 px, where
     * the page itself never scrolls sideways (a wide table scrolls inside its card). The window is 1440×900 again after.
     */
    void fitsNarrowWindows() {
        String where = browser.getCurrentUrl();
        try {
            browser.manage().window().setSize(new Dimension(1280, 900));
            assertThat(overflowing(".panel, .table-scroll")).as("cards and tables wider than their place at 1280 px on " + where)
                    .isEmpty();
            browser.manage().window().setSize(new Dimension(390, 844));
            @SuppressWarnings("unchecked")
            List<String> wider = (List<String>) ((JavascriptExecutor) browser).executeScript(
                    "const width = document.documentElement.clientWidth;"
                    + "if (document.documentElement.scrollWidth <= width) return [];"
                    + "const clipped = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {"
                    + " if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };"
                    + "return [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > width + 1"
                    + " && e.parentElement.getBoundingClientRect().right <= width + 1 && !clipped(e))"
                    + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))");
            assertThat(wider).as("what makes the page scroll sideways at 390 px on " + where).isEmpty();
        } finally {
            browser.manage().window().setSize(new Dimension(1440, 900));
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> overflowing(String selector) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("return [...document.querySelectorAll(arguments[0])]"
                + ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => (e.id || e.className) + ': ' + e.scrollWidth + ' > '"
                + " + e.clientWidth)", selector);
    }

    /** Saves what the window shows as {@code <name>.png}, when the journey keeps pictures. */
    void picture(String name) {
        if (screenshots == null) {
            return;
        }
        try {
            Files.createDirectories(screenshots);
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("could not save the picture " + name, e);
        }
    }

    List<String> checked() {
        return List.copyOf(checked);
    }
}
