package com.questportal.portal.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.questportal.portal.browser.Chromium;
import com.questportal.portal.provisioning.PortalProcess;
import com.questportal.portal.provisioning.SandboxVisitor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's whole day, as a new user would live it, in a real headless Chromium against the portal jar started as the
 * README starts it (sandbox mode, an empty data directory): the generated admin password, a changed password, two more
 * people, an environment recorded, planned, applied and healthy, the quest answering through its load balancer with its five
 * checks passing, a second tag published and deployed from the tag list, the log tail, a failing tag rolled back by ECS with
 * its cause, a rollback by hand, a viewer who can deploy nothing, an on-call engineer searching for 404s, a restart that keeps
 * everything, and a destroy. Every page passes {@link JourneyPages#check()}; with {@code -Djourney.screenshots=<dir>} the main
 * pages are saved there as 1440×900 pictures (the README's, in {@code docs/screenshots}).
 */
@ExtendWith(Chromium.class)
class OperatorDayJourneyIntegrationTests {

    private static final Pattern SANDBOX = Pattern.compile("event=sandbox_started endpoint=(http://127\\.0\\.0\\.1:\\d+)");
    private static final Duration SLOW = Duration.ofSeconds(180);
    /** Any ACM ARN of the environment's account and region: the sandbox's HTTPS listeners present their own certificate. */
    private static final String CERTIFICATE = "arn:aws:acm:eu-west-1:000000000000:certificate/sandbox-localhost";

    @TempDir
    Path work;

    private PortalProcess portal;
    private int port;
    private URI sandbox;
    private WebDriver browser;
    private JourneyPages pages;
    private HttpClient visitor;
    private final long began = System.nanoTime();

    @AfterEach
    void stop() throws InterruptedException {
        if (portal != null) {
            portal.stop();
        }
    }

    @Test
    void anOperatorsWholeDay(WebDriver browser) throws Exception {
        this.browser = browser;
        String screenshots = System.getProperty("journey.screenshots", "");
        pages = new JourneyPages(browser, screenshots.isBlank() ? work.resolve("screenshots") : Path.of(screenshots));
        port = PortalProcess.freePort();
        start();
        publish("v1");

        // The first sign-in, with the password the portal generated, asks for a new one.
        String generated = Files.readString(work.resolve("data").resolve("initial-admin-password")).strip();
        String adminPassword = "admin's own passphrase";
        signIn("admin", generated);
        changePassword(generated, adminPassword);

        String oncallOneTime = addUser("oncall", "OPERATOR");
        String viewerOneTime = addUser("viewer", "VIEWER");
        String viewerToken = issueToken("viewer-script", "VIEWER");

        lap("signed in, people added");
        recordStaging();
        // CI pushes the next build while the environment comes up: the tag list, shared for 30 s, has it by the deploy.
        // The same jar under a second tag is the same image, as with docker push; a new build is a new image.
        publish("v2", "--env", "BUILD=v2");
        String plan = planStaging();
        lap("planned");
        applyAndWatch(plan);
        lap("applied");
        String albUrl = healthyWithChecks();

        browser.get(albUrl);
        assertThat(browser.findElement(By.tagName("body")).getText()).as("the quest's index page through its load balancer")
                .contains("TwelveFactor");
        browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER); // the quest's own page is not ours to judge

        lap("healthy, checks passing");
        deployFromTagList("v1", "v2");
        publishFailing("v3");
        lap("v2 deployed");
        tailShowsRequests(albUrl);

        lap("tail followed");
        deployFailingAndWatchTheRollback("v3", "v2");
        lap("v3 rolled back by ECS");
        rollBackByHand("v2", "v1");

        signOut();
        lap("rolled back by hand");
        signIn("viewer", viewerOneTime);
        changePassword(viewerOneTime, "the viewer's passphrase");
        viewerCannotDeploy(viewerToken);

        signOut();
        signIn("oncall", oncallOneTime);
        changePassword(oncallOneTime, "on-call's passphrase");
        lap("viewer refused");
        searchFor404s(albUrl);

        // A tab left open on a live page reconnects while the portal is down and logs each refused try: leave it first.
        lap("404s found");
        browser.get("about:blank");
        pages.noConsoleErrors("the last page before the restart");
        portal.stop();
        start();
        visit("/environments/staging");
        if (browser.getCurrentUrl().contains("/login")) {
            signIn("oncall", "on-call's passphrase");
            visit("/environments/staging");
        }
        waitFor(By.id("service-health"), "✓ Healthy", SLOW);
        HttpResponse<String> afterRestart = visitor.send(HttpRequest.newBuilder(URI.create(albUrl + "version"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(afterRestart.body()).as("the environment serves what it served before the restart").contains("\"imageTag\":\"v1\"");

        signOut();
        signIn("admin", adminPassword);
        lap("restarted, healthy");
        history();
        audit();
        lap("history and audit");
        destroy();
        lap("destroyed");
        assertThat(pages.checked()).as("pages checked on the way").hasSizeGreaterThan(20);
    }

    /** Where the day's time goes, in the test's output. */
    private void lap(String step) {
        System.out.printf("journey: %-28s %6.1f s%n", step, (System.nanoTime() - began) / 1e9);
    }

    private void start() throws Exception {
        List<String> command = new ArrayList<>(List.of(PortalProcess.java(), "-jar", PortalProcess.jar("portal.jar", "target/portal.jar"),
                "--server.port=" + port, "--portal.data-dir=" + work.resolve("data"), "--portal.sandbox.port=0"));
        portal = PortalProcess.start(command);
        portal.awaitLine(Pattern.compile("Quest Portal is ready at"));
        sandbox = URI.create(portal.awaitLine(SANDBOX).group(1));
        visitor = visitor();
    }

    /** A visitor of the quest, trusting the certificate the sandbox's HTTPS listeners present (as the portal does). */
    private HttpClient visitor() throws Exception {
        return SandboxVisitor.trusting(sandbox);
    }

    /** Publishes quest-app as CI would, with the README's command. */
    private void publish(String tag, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(PortalProcess.java(), "-jar", PortalProcess.jar("sandbox.jar",
                        "../sandbox/target/sandbox.jar"), "publish", "--tag", tag, "--endpoint", sandbox.toString(),
                "--jar", PortalProcess.jar("quest.jar", "../quest-app/target/quest-app.jar"),
                "--java-options", "@" + PortalProcess.jar("quest.jvm.options", "../quest-app/jvm.options")));
        command.addAll(List.of(more));
        Process publish = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(publish.getInputStream().readAllBytes());
        assertThat(publish.waitFor()).as("sandbox.jar publish --tag " + tag + ": " + said).isZero();
    }

    private void publishFailing(String tag) throws Exception {
        publish(tag, "--env", "BUILD=" + tag, "--env", "QUEST_CRASH_AT_START=true");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private void visit(String path) {
        browser.get(url(path));
        pages.check();
    }

    private void signIn(String user, String password) {
        visit("/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        pages.check();
    }

    private void changePassword(String current, String chosen) {
        assertThat(browser.findElements(By.id("forced"))).as("a first sign-in asks for a new password").hasSize(1);
        browser.findElement(By.id("current")).sendKeys(current);
        browser.findElement(By.id("new-password")).sendKeys(chosen);
        browser.findElement(By.id("confirmation")).sendKeys(chosen);
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        pages.check();
        assertThat(browser.getCurrentUrl()).doesNotContain("/account/password");
    }

    private void signOut() {
        browser.findElement(By.cssSelector("form.account button[type=submit]")).click();
        pages.check();
    }

    private String addUser(String name, String role) {
        visit("/users");
        WebElement form = browser.findElement(By.cssSelector("form[action$='/users']"));
        form.findElement(By.name("username")).sendKeys(name);
        new Select(form.findElement(By.name("role"))).selectByValue(role);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        pages.check();
        assertThat(browser.findElement(By.id("notice")).getText()).isEqualTo("✓ Added " + name + " as " + role + ".");
        return browser.findElement(By.cssSelector("#one-time-password code")).getText();
    }

    private String issueToken(String name, String permission) {
        visit("/tokens");
        browser.findElement(By.name("name")).sendKeys(name);
        browser.findElement(By.cssSelector("input[name=permission][value=" + permission + "]")).click();
        browser.findElement(By.cssSelector("main form button.primary[type=submit]")).click();
        pages.check();
        return browser.findElement(By.id("issued-token-value")).getText();
    }

    private void recordStaging() {
        visit("/environments");
        browser.findElement(By.id("new-environment")).click();
        pages.check();
        browser.findElement(By.id("name")).sendKeys("staging");
        browser.findElement(By.id("description")).sendKeys(JourneyPages.HOSTILE);
        WebElement tag = browser.findElement(By.id("imageTag"));
        tag.clear();
        tag.sendKeys("v1");
        WebElement count = browser.findElement(By.id("desiredCount"));
        count.clear();
        count.sendKeys("1");
        browser.findElement(By.id("certificateArn")).sendKeys(CERTIFICATE);
        browser.findElement(By.id("secretWord")).sendKeys("TwelveFactor");
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
        pages.check();
        assertThat(browser.getCurrentUrl()).endsWith("/environments/staging");
        assertThat(browser.findElement(By.id("notice")).getText()).startsWith("✓ Recorded staging.");
        assertThat(browser.findElement(By.tagName("main")).getText()).as("the description as typed").contains(JourneyPages.HOSTILE);
    }

    /** Planned and applied from the keyboard: the main actions are buttons that take Enter. */
    private String planStaging() {
        visible(By.id("plan"), Duration.ofSeconds(15)).sendKeys(Keys.ENTER);
        visible(By.id("plan-changes"), Duration.ofSeconds(90));
        pages.check();
        pages.picture("plan");
        return browser.getCurrentUrl();
    }

    private void applyAndWatch(String plan) {
        browser.findElement(By.id("apply")).sendKeys(Keys.ENTER);
        visible(By.id("operation-events"), Duration.ofSeconds(15));
        new WebDriverWait(browser, SLOW, Duration.ofMillis(250)).until(page ->
                page.findElements(By.cssSelector("#operation-events tbody tr")).size() > 12);
        pages.picture("apply-progress");
        waitFor(By.id("operation-status"), "✓ succeeded", SLOW);
        WebElement finished = visible(By.cssSelector("#operation-finished time"), Duration.ofSeconds(5));
        assertThat(finished.getText()).as("the finish time, filled in as it finished, as how long ago").isEqualTo("just now");
        assertThat(finished.getAttribute("title")).as("the whole time on hover").matches(".*\\d{2}:\\d{2}:\\d{2}.*");
        pages.check();
    }

    private String healthyWithChecks() {
        visit("/environments/staging");
        waitFor(By.id("service-health"), "✓ Healthy", SLOW);
        WebDriverWait wait = reloading(Duration.ofSeconds(90));
        wait.until(page -> {
            if (page.findElements(By.id("quest-checks-summary")).isEmpty()) {
                page.findElements(By.id("run-quest-checks")).stream().findFirst().ifPresent(WebElement::click);
                return false;
            }
            return page.findElement(By.id("quest-checks-summary")).getText().equals("✓ 5 of 5 passing");
        });
        pages.check();
        pages.picture("environment");
        pages.fitsNarrowWindows();
        visit("/environments");
        assertThat(browser.findElement(By.id("environments")).getText()).contains("staging", "Healthy");
        pages.picture("overview");
        pages.fitsNarrowWindows();
        visit("/environments/staging");
        String albUrl = visible(By.xpath("//dl[@id='stack-outputs']/dt[text()='AlbUrl']/following-sibling::dd[1]/a"),
                Duration.ofSeconds(15)).getText();
        return albUrl.endsWith("/") ? albUrl : albUrl + "/";
    }

    private void deployFromTagList(String from, String to) {
        deployStart(to, from);
        WebDriverWait rollout = reloading(SLOW);
        rollout.until(page -> !page.findElements(By.cssSelector("#rollout-tasks tr[data-new='true']")).isEmpty());
        pages.picture("rollout");
        rollout.until(ExpectedConditions.textToBe(By.id("operation-status"), "✓ succeeded"));
        pages.check();
    }

    private void tailShowsRequests(String albUrl) throws Exception {
        visit("/environments/staging/logs");
        WebDriverWait wait = reloading(Duration.ofSeconds(30));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-status"), "Live"));
        String probe = "journey-probe-" + System.nanoTime();
        visitor.send(HttpRequest.newBuilder(URI.create(albUrl + probe)).build(), HttpResponse.BodyHandlers.discarding());
        wait.until(page -> page.findElements(By.cssSelector("#tail-lines .log-line")).stream()
                .anyMatch(line -> line.getText().contains(probe)));
        pages.check();
        pages.picture("logs");
        pages.fitsNarrowWindows();
    }

    private void deployFailingAndWatchTheRollback(String failing, String running) {
        deployStart(failing, running);
        WebDriverWait rollout = reloading(SLOW);
        rollout.until(page -> page.findElement(By.id("operation-status")).getText().startsWith("✗"));
        rollout.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rollout"), "Its tasks kept failing, so ECS went back to "
                + running));
        pages.check();
    }

    /** Deploys a tag from the environment's tag list, which shows a newly pushed tag within 30 s (the list is shared that long). */
    private void deployStart(String to, String from) {
        By deploy = By.cssSelector("a[data-deploy='" + to + "']");
        new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofSeconds(1)).until(page -> {
            browser.get(url("/environments/staging"));
            try {
                return new WebDriverWait(page, Duration.ofSeconds(5), Duration.ofMillis(250)).until(found -> !found.findElements(deploy).isEmpty());
            } catch (TimeoutException notListedYet) {
                return false;
            }
        });
        pages.check();
        browser.findElement(deploy).click();
        pages.check();
        assertThat(browser.findElement(By.id("deploy-change")).getText()).contains(from + " → " + to);
        browser.findElement(By.id("deploy-confirm")).click();
        visible(By.id("operation-deploy"), Duration.ofSeconds(15));
    }

    private void rollBackByHand(String from, String to) {
        visit("/environments/staging");
        visible(By.id("rollback"), Duration.ofSeconds(15)).click();
        pages.check();
        assertThat(browser.findElement(By.id("deploy-change")).getText()).contains(from + " → " + to);
        browser.findElement(By.id("deploy-confirm")).click();
        reloading(SLOW).until(ExpectedConditions.textToBe(By.id("operation-status"), "✓ succeeded"));
        pages.check();
    }

    private void viewerCannotDeploy(String token) throws Exception {
        visit("/environments/staging");
        visible(By.id("images-panel"), Duration.ofSeconds(15));
        reloading(Duration.ofSeconds(15)).until(page -> page.findElements(By.cssSelector("#images-panel .muted")).isEmpty()
                || !page.findElements(By.id("images")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("a[data-deploy]"))).as("no deploy for a viewer").isEmpty();
        assertThat(browser.findElements(By.id("rollback"))).as("no rollback for a viewer").isEmpty();
        assertThat(browser.findElements(By.id("plan"))).as("no plan for a viewer").isEmpty();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(
                        "/api/v1/environments/staging/deployments"))).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"imageTag\":\"v2\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    }

    private void searchFor404s(String albUrl) throws Exception {
        String probe = "journey-missing-" + System.nanoTime();
        assertThat(visitor.send(HttpRequest.newBuilder(URI.create(albUrl + probe)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        visit("/environments/staging/logs");
        reloading(Duration.ofSeconds(30)).until(page -> {
            WebElement filter = page.findElement(By.id("search-filter"));
            filter.clear();
            filter.sendKeys("{ $.status = 404 }");
            page.findElement(By.id("search-submit")).click();
            return new WebDriverWait(page, Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
                    .until(found -> found.findElement(By.id("search-results")).getText()).contains(probe);
        });
        pages.check();
    }

    private void history() {
        visit("/environments/staging");
        WebElement panel = visible(By.id("deployment-history"), Duration.ofSeconds(15));
        assertThat(panel.getText()).contains("v2", "v3", "v1");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('deployments-panel').scrollIntoView()");
        pages.picture("history");
        pages.fitsNarrowWindows();
    }

    private void audit() {
        visit("/audit");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("stack.apply", "oncall", "viewer");
        pages.picture("audit");
        pages.fitsNarrowWindows();
    }

    private void destroy() {
        visit("/environments/staging");
        visible(By.cssSelector("#stack-panel details summary"), Duration.ofSeconds(15)).click();
        browser.findElement(By.id("destroy-confirm")).sendKeys("staging");
        browser.findElement(By.id("destroy")).click();
        reloading(SLOW).until(ExpectedConditions.textToBe(By.id("operation-status"), "✓ succeeded"));
        pages.check();
    }

    private WebElement visible(By what, Duration within) {
        return reloading(within).until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    private void waitFor(By what, String text, Duration within) {
        reloading(within).until(ExpectedConditions.textToBe(what, text));
    }

    /** A wait that reads through htmx's swaps: an element read just as its panel was replaced is read again. */
    private WebDriverWait reloading(Duration within) {
        return (WebDriverWait) new WebDriverWait(browser, within, Duration.ofMillis(250)).ignoring(StaleElementReferenceException.class);
    }
}
