package com.questportal.portal.provisioning;

import static com.questportal.portal.api.ApiClient.json;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.bench.Processes;
import com.questportal.portal.browser.Chromium;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import tools.jackson.databind.JsonNode;

/**
 * How quickly an apply shows up and how late the portal learns that it ended, against the portal jar
 * (in its own JVM, with its in-process sandbox) and a real headless Chromium:
 * <ul>
 *   <li>"Apply" click → the first progress row in the browser, beside its baseline measured in the same
 *       click: "Apply" click → the operation page loaded (the navigation alone); goal: under 1 s.</li>
 *   <li>the portal's overhead: when the portal recorded the operation as finished, minus the time of the
 *       stack's own final event in CloudFormation, against the poll interval; goal: under one interval.</li>
 * </ul>
 * {@code ./mvnw -B -pl portal -am -Pprovisioning-benchmark verify -DskipTests} (runs: {@code -Druns=N}, default 3).
 */
public final class ProvisioningBenchmark {

    private static final String TOKEN = "benchmark-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String PASSWORD = "benchmark-password";
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private ProvisioningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("runs", 3);
        Path data = Files.createTempDirectory("portal-benchmark-");
        int port = Processes.freePort();
        int sandboxPort = Processes.freePort();
        Process portal = Processes.startJar(System.getProperty("portal.jar", "target/portal.jar"), "Quest Portal is ready at", List.of(),
                "--server.port=" + port, "--portal.data-dir=" + data, "--portal.sandbox.port=" + sandboxPort,
                "--portal.bootstrap.admin-password=" + PASSWORD, "--portal.bootstrap.api-token=" + TOKEN,
                "--portal.provisioning.poll-interval=" + POLL_INTERVAL, "--spring.main.banner-mode=off");
        WebDriver browser = null;
        try {
            URI sandbox = URI.create("http://127.0.0.1:" + sandboxPort);
            QuestImages.publish(sandbox, "eu-west-1", "v1");
            ApiClient api = new ApiClient(port, TOKEN);
            browser = Chromium.startDriver();
            signIn(browser, port);
            List<Double> firstRow = new ArrayList<>();
            List<Double> pageLoaded = new ArrayList<>();
            List<Double> overhead = new ArrayList<>();
            // Run 0 warms the portal's JVM up and is reported but not counted: a first apply after a start runs cold code.
            for (int run = 0; run <= runs; run++) {
                String name = "bench" + run;
                api.post("/api/v1/environments", """
                        {"name":"%s","region":"eu-west-1","vpcCidr":"10.%d.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                         "imageTag":"v1","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                         "secretWord":"TwelveFactor"}""".formatted(name, 100 + run));
                String plan = api.post("/api/v1/environments/" + name + "/plans", "").headers().firstValue("Location").orElseThrow();
                awaitStatus(api, plan, "CREATING");
                browser.get("http://localhost:" + port + plan.replace("/api/v1", ""));
                double[] click = clickApplyAndTime(browser);
                String operation = "/api/v1/operations/" + browser.getCurrentUrl().replaceAll(".*/operations/(\\d+).*", "$1");
                JsonNode finished = awaitStatus(api, operation, "RUNNING");
                double late = overheadMillis(sandbox, name, finished);
                if (run > 0) {
                    pageLoaded.add(click[0]);
                    firstRow.add(click[1]);
                    overhead.add(late);
                }
                JsonNode destroyed = awaitStatus(api, api.send("DELETE", "/api/v1/environments/" + name + "/stack?confirm=" + name, null)
                        .headers().firstValue("Location").orElseThrow(), "RUNNING");
                System.out.printf(Locale.ROOT, "run %d%s: page loaded %.0f ms, first progress row %.0f ms, overhead %.0f ms (apply %s, destroy %s)%n",
                        run, run == 0 ? " (warm-up, not counted)" : "", click[0], click[1], late, finished.get("status").asString(),
                        destroyed.get("status").asString());
            }
            report(runs, pageLoaded, firstRow, overhead);
        } finally {
            if (browser != null) {
                browser.quit();
            }
            portal.destroy();
            portal.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Clicks "Apply" and polls the page every few milliseconds: when the operation page has loaded, when its first row is there. */
    private static double[] clickApplyAndTime(WebDriver browser) throws InterruptedException {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        long clicked = System.nanoTime();
        browser.findElement(By.id("apply")).click();
        double loaded = -1;
        while (System.nanoTime() - clicked < Duration.ofSeconds(30).toNanos()) {
            Object rows = page.executeScript("return document.getElementById('operation-events') && document.readyState === 'complete'"
                    + " ? document.querySelectorAll('#operation-events tbody tr').length : -1;");
            long count = ((Number) rows).longValue();
            double elapsed = (System.nanoTime() - clicked) / 1e6;
            if (count >= 0 && loaded < 0) {
                loaded = elapsed;
            }
            if (count > 0) {
                return new double[] {loaded, elapsed};
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no progress row within 30 s of the click");
    }

    /** The portal's finish time minus the time of the stack's own last event: how late the portal learned it. */
    private static double overheadMillis(URI sandbox, String name, JsonNode operation) {
        try (CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(sandbox).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            StackEvent last = cloudFormation.describeStackEvents(r -> r.stackName("quest-" + name)).stackEvents().get(0);
            return Duration.between(last.timestamp(), Instant.parse(operation.get("finishedAt").asString())).toNanos() / 1e6;
        }
    }

    private static void report(int runs, List<Double> pageLoaded, List<Double> firstRow, List<Double> overhead) {
        double loadedMedian = Processes.median(pageLoaded);
        double rowMedian = Processes.median(firstRow);
        double overheadMedian = Processes.median(overhead);
        System.out.println();
        System.out.printf(Locale.ROOT, "Provisioning benchmark, %d applies of the quest stack after one warm-up (portal jar, in-process sandbox,"
                + " headless Chromium)%n", runs);
        System.out.printf(Locale.ROOT, "  click -> operation page loaded (baseline): median %.0f ms, max %.0f ms%n", loadedMedian, Processes.max(pageLoaded));
        System.out.printf(Locale.ROOT, "  click -> first progress row:               median %.0f ms, max %.0f ms (goal < 1000 ms: %s); %.2fx the baseline%n",
                rowMedian, Processes.max(firstRow), Processes.max(firstRow) < 1000 ? "met" : "NOT met", rowMedian / loadedMedian);
        System.out.printf(Locale.ROOT, "  portal overhead after the stack's last event: median %.0f ms, max %.0f ms; %.2fx the poll interval"
                + " of %d ms (goal < 1: %s)%n", overheadMedian, Processes.max(overhead), Processes.max(overhead) / POLL_INTERVAL.toMillis(), POLL_INTERVAL.toMillis(),
                Processes.max(overhead) < POLL_INTERVAL.toMillis() ? "met" : "NOT met");
    }

    private static JsonNode awaitStatus(ApiClient api, String url, String whileStatus) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode found = json(api.get(url));
            if (!found.get("status").asString().equals(whileStatus)) {
                return found;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " stayed " + whileStatus + " for 5 minutes");
    }

    private static void signIn(WebDriver browser, int port) {
        browser.get("http://localhost:" + port + "/login");
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("main button[type=submit]")).click();
    }
}
