package com.questportal.portal.status;

import static com.questportal.portal.api.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.questportal.portal.api.ApiClient;
import com.questportal.portal.browser.PortalUnderTest;
import com.questportal.portal.provisioning.QuestImages;
import com.questportal.portal.security.ApiTokens;
import com.questportal.portal.security.Role;
import com.questportal.sandbox.Sandbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import com.questportal.portal.browser.Chromium;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An environment's live status from the poller, against the sandbox: Healthy with the right counts and tag, Degraded when
 * a task is killed and Healthy again once ECS replaced it, with the stopped task's reason and the service's events; and
 * the AWS calls it costs do not grow with the people watching.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.main.banner-mode=off",
        "portal.status.poll-interval=PT1S",
        "portal.status.quest-check-first-delay=PT1S", "portal.status.quest-check-interval=PT2S",
        "portal.status.traffic-refresh=PT2S"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusIntegrationTests {

    /** Any ACM-shaped ARN gives the sandbox's load balancer an HTTPS listener, with the sandbox's own certificate. */
    private static final String CERTIFICATE = "arn:aws:acm:eu-west-1:000000000000:certificate/sandbox-localhost";

    @LocalServerPort
    int port;
    @Autowired
    ApiTokens tokens;
    @Autowired
    Sandbox sandbox;
    @Autowired
    MeterRegistry meters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PasswordEncoder encoder;
    ApiClient api;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        PortalUnderTest.freshDataDirectory(registry);
    }

    @BeforeAll
    void anEnvironmentOfTwoTasksIsUp() {
        QuestImages.publish(sandbox, "eu-west-1", "v1");
        api = new ApiClient(port, tokens.issue("status-" + System.nanoTime(), Role.ADMIN, null, null, "test").value());
        HttpResponse<String> created = api.post("/api/v1/environments", """
                {"name":"live","region":"eu-west-1","vpcCidr":"10.80.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v1","taskSize":"256/512","desiredCount":2,"healthCheckPath":"/health","logRetentionDays":7,
                 "certificateArn":"%s","secretWord":"TwelveFactor"}""".formatted(CERTIFICATE));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(api.get("/api/v1/environments/live/status")).get("health").asString())
                .as("before its stack exists").isEqualTo("Not provisioned");
        JsonNode applied = api.planAndApply("live");
        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("SUCCEEDED");
    }

    /** Records a new image tag for the live environment, as an operator's edit would. */
    private void recordTag(String tag) {
        JsonNode before = json(api.get("/api/v1/environments/live"));
        HttpResponse<String> edited = api.put("/api/v1/environments/live", """
                {"name":"live","region":"eu-west-1","vpcCidr":"10.80.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"%s","taskSize":"256/512","desiredCount":2,"healthCheckPath":"/health","logRetentionDays":7,
                 "certificateArn":"%s","secretWord":"TwelveFactor"}""".formatted(tag, CERTIFICATE), "\"" + before.get("version").asLong() + "\"");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
    }

    private JsonNode status() {
        HttpResponse<String> answer = api.get("/api/v1/environments/live/status");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json(answer);
    }

    private JsonNode awaitHealth(String health) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(this::status, found -> found.get("health").asString().equals(health));
    }

    @Test
    @Order(1)
    void aHealthyEnvironmentShowsItsTasksTagAndTargets() {
        JsonNode healthy = awaitHealth("Healthy");

        assertThat(healthy.get("label").asString()).isEqualTo("✓ Healthy");
        assertThat(healthy.get("desired").asInt()).isEqualTo(2);
        assertThat(healthy.get("running").asInt()).isEqualTo(2);
        assertThat(healthy.get("runningTags").values().stream().map(JsonNode::asString).toList()).containsExactly("v1");
        assertThat(healthy.get("recordedTag").asString()).isEqualTo("v1");
        assertThat(healthy.get("targets").findValuesAsString("state")).as("a stopped task's target may still be draining")
                .filteredOn("healthy"::equals).hasSize(2);
        assertThat(healthy.get("targets").findValuesAsString("state")).doesNotContain("unhealthy", "initial");
        assertThat(healthy.get("ageSeconds").asLong()).as("a snapshot at most a few poll intervals old").isLessThanOrEqualTo(5);
        assertThat(healthy.get("events").size()).isPositive();
    }

    @Test
    @Order(2)
    void theFiveQuestChecksPassThroughTheLoadBalancerOverHttpsOnTheirSchedule() {
        awaitHealth("Healthy");
        JsonNode checked = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(this::status,
                found -> found.get("questChecks") != null && !found.get("questChecks").isNull()
                        && allPassed(found.get("questChecks")));
        JsonNode round = checked.get("questChecks");

        assertThat(round.get("url").asString()).startsWith("https://127.0.0.1:");
        assertThat(round.get("checks").findValuesAsString("name")).containsExactly("index", "docker", "secret_word", "loadbalanced", "tls");
        assertThat(detailOf(round, "tls")).isEqualTo("X-Forwarded-Proto: https");
        assertThat(detailOf(round, "secret_word")).isEqualTo("SECRET_WORD is set and matches the secret word.");
        assertThat(round.toString()).as("the secret word is neither kept nor shown").doesNotContain("TwelveFactor");
    }

    @Test
    @Order(2)
    void prometheusScrapesSnapshotAgeQuestChecksAndAwsCallsWithATokenForEveryEnvironment() {
        awaitHealth("Healthy");
        await().atMost(Duration.ofSeconds(30)).until(() -> status().get("questChecks") != null && !status().get("questChecks").isNull());
        ApiClient scraper = new ApiClient(port, tokens.issue("scraper-" + System.nanoTime(), Role.VIEWER, null, null, "test").value());
        ApiClient liveOnly = new ApiClient(port, tokens.issue("live-only-" + System.nanoTime(), Role.ADMIN, List.of("live"), null, "test").value());

        // The gauge of an environment appears with the poll round after its first reading (reads run beside the round).
        HttpResponse<String> scraped = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(
                () -> scraper.sendAuthorized(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                        .header("Accept", "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")),
                answer -> answer.statusCode() != 200 || answer.body().contains("portal_status_snapshot_age{environment=\"live\""));
        assertThat(scraped.statusCode()).as(scraped.body()).isEqualTo(200);
        assertThat(scraped.body()).containsPattern("portal_status_snapshot_age\\{environment=\"live\".*} [0-9.]+")
                .containsPattern("portal_quest_checks_passing\\{environment=\"live\".*} 5\\.0")
                .containsPattern("portal_aws_requests_total\\{.*operation=\"DescribeServices\".*} [1-9]")
                .containsPattern("portal_status_reads_seconds_count\\{.*outcome=\"read\".*} [1-9]");
        assertThat(liveOnly.sendAuthorized(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")))
                .statusCode()).as("the metrics name every environment").isEqualTo(403);
        assertThat(HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.discarding()).join().statusCode()).isEqualTo(401);
    }

    private static boolean allPassed(JsonNode round) {
        return round.get("checks").values().stream().allMatch(check -> check.get("passed").asBoolean());
    }

    private static String detailOf(JsonNode round, String check) {
        return round.get("checks").values().stream().filter(found -> found.get("name").asString().equals(check)).findFirst()
                .orElseThrow().get("detail").asString();
    }

    @Test
    @Order(3)
    void aKilledTaskShowsDegradedThenHealthyOnceEcsReplacedIt() throws Exception {
        JsonNode before = awaitHealth("Healthy");
        String victim = before.get("tasks").values().stream().filter(task -> task.get("lastStatus").asString().equals("RUNNING"))
                .findFirst().orElseThrow().get("id").asString();

        HttpResponse<String> killed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sandbox.endpoint() + "/_sandbox/faults/kill-task")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"taskId\":\"" + victim + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(killed.statusCode()).as(killed.body()).isLessThan(300);

        JsonNode degraded = awaitHealth("Degraded");
        assertThat(degraded.get("label").asString()).isEqualTo("◐ Degraded");
        // ECS counts the new task running a moment before its target is registered; the verdict is Healthy in between
        // ("every target healthy" of the one listed), so the replacement is awaited with its target listed too.
        JsonNode healthyAgain = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(this::status,
                found -> found.get("health").asString().equals("Healthy") && found.get("targets").size() == 2);
        JsonNode stopped = healthyAgain.get("tasks").values().stream().filter(task -> task.get("id").asString().equals(victim))
                .findFirst().orElseThrow();
        assertThat(stopped.get("lastStatus").asString()).isEqualTo("STOPPED");
        assertThat(stopped.get("stoppedReason").asString()).isNotBlank();
        assertThat(healthyAgain.get("running").asInt()).isEqualTo(2);
        assertThat(healthyAgain.get("targets").findValuesAsString("state")).as("the dead task's target is not kept as healthy")
                .filteredOn("healthy"::equals).hasSize(2);
        assertThat(healthyAgain.get("events").findValuesAsString("message")).anyMatch(message -> message.contains("has started 1 tasks"));
    }

    @Test
    @Order(4)
    @ExtendWith(Chromium.class)
    void theEnvironmentPageShowsTheServiceTasksTargetsAndEventsAndFollowsThemWithoutAReload(WebDriver browser) throws Exception {
        awaitHealth("Healthy");
        PortalUnderTest.user(jdbc, encoder, "olga", "VIEWER");
        PortalUnderTest.signIn(browser, port, "olga");
        browser.get("http://localhost:" + port + "/environments/live");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(ExpectedConditions.textToBe(By.id("service-health"), "✓ Healthy"));

        assertThat(browser.findElement(By.id("tasks-running")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("tasks-desired")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("running-tag")).getText()).contains("v1", "as recorded");
        assertThat(browser.findElement(By.id("service-status")).getText())
                .isEqualTo("ACTIVE — deploys at least 100 % healthy, at most 200 % running; circuit breaker on, rolls back");
        assertThat(browser.findElement(By.id("deployments")).getText()).contains("primary", "COMPLETED", "v1");
        assertThat(browser.findElements(By.cssSelector("#targets tbody tr")).stream().map(WebElement::getText))
                .filteredOn(row -> row.contains("✓ healthy")).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#service-events tbody tr"))).isNotEmpty();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> Integer.parseInt(
                driver.findElement(By.id("tasks-chart")).getAttribute("data-points")) > 0);
        assertThat(browser.findElements(By.cssSelector("#tasks-chart canvas"))).as("uPlot drew the last hour").isNotEmpty();
        assertThat(browser.findElement(By.cssSelector("#tasks-chart .u-legend")).getText())
                .contains("Tasks wanted", "Tasks running", "Healthy targets");
        assertThat(browser.findElement(By.cssSelector("#service-chart .chart-empty")).isDisplayed()).isFalse();
        // The quest checks have gone through the load balancer every two seconds since the second test: CloudWatch counted them.
        new WebDriverWait(browser, Duration.ofSeconds(40)).until(driver -> Double.parseDouble(
                driver.findElement(By.id("traffic-chart")).getAttribute("data-requests")) > 0);
        assertThat(browser.findElement(By.cssSelector("#traffic-chart .u-legend")).getText())
                .contains("Requests / min", "5xx / min", "Response p50 (ms)", "Response p99 (ms)");
        assertThat(browser.findElement(By.cssSelector("#traffic-chart-section .chart-empty")).isDisplayed()).isFalse();
        JsonNode traffic = json(api.get("/api/v1/environments/live/traffic"));
        assertThat(traffic.get("at").size()).as("a point per minute of the last hour").isEqualTo(60);
        assertThat(traffic.get("p99Millis").values()).as("the targets' answers were timed").anySatisfy(p99 ->
                assertThat(p99.isNull() ? 0 : p99.asDouble()).isPositive());
        List<WebElement> stoppedBefore = stoppedTaskRows(browser);
        assertThat(stoppedBefore).as("the task the previous test killed, with why it stopped").isNotEmpty();
        assertThat(stoppedBefore.get(0).findElement(By.cssSelector("td.stopped-reason")).getText()).isNotBlank();
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

        String victim = status().get("tasks").values().stream().filter(task -> task.get("lastStatus").asString().equals("RUNNING"))
                .findFirst().orElseThrow().get("id").asString();
        HttpResponse<String> killed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sandbox.endpoint() + "/_sandbox/faults/kill-task")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"taskId\":\"" + victim + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(killed.statusCode()).as(killed.body()).isLessThan(300);

        By victimRow = By.cssSelector("#tasks tr[data-task='" + victim + "']");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> driver.findElements(victimRow).stream()
                .anyMatch(row -> row.getText().contains("STOPPED")));
        assertThat(browser.findElement(victimRow).findElement(By.cssSelector("td.stopped-reason")).getText()).isNotBlank();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
                .as("the panel followed the service in the page as it was, without a reload").isEqualTo(true);
        awaitHealth("Healthy");
    }

    private static List<WebElement> stoppedTaskRows(WebDriver browser) {
        return browser.findElements(By.cssSelector("#tasks tbody tr")).stream().filter(row -> row.getText().contains("STOPPED")).toList();
    }

    @Test
    @Order(5)
    void theAwsCallsOfAMinuteDoNotGrowWithThePeopleWatching() throws Exception {
        awaitHealth("Healthy");
        double describeServicesBefore = reads("DescribeServices");
        double listTasksBefore = reads("ListTasks");
        double targetHealthBefore = reads("DescribeTargetHealth");
        double clustersBefore = reads("DescribeClusters");
        double alone = statusReadsDuring(Duration.ofSeconds(5), 0);
        double rounds = reads("DescribeTargetHealth") - targetHealthBefore;
        assertThat(reads("DescribeClusters") - clustersBefore).as("one look at the clusters a round").isEqualTo(rounds, within(1.0));
        assertThat(reads("DescribeServices") - describeServicesBefore).as("a steady service is confirmed, not described, most rounds")
                .isLessThan(rounds);
        assertThat(reads("ListTasks") - listTasksBefore).as("nor are its tasks listed").isLessThan(rounds);
        AtomicInteger answered = new AtomicInteger();
        double metricReadsBefore = reads("GetMetricData");
        double watched = statusReadsDuring(Duration.ofSeconds(5), 20, answered);
        // The traffic chart refreshes every 2 s here: over 5 s, three reads at most (and a read that had just begun), whoever asks.
        assertThat(reads("GetMetricData") - metricReadsBefore).as("CloudWatch reads while 20 viewers asked for the traffic")
                .isPositive().isLessThanOrEqualTo(4);

        assertThat(alone).as("the poller reads the service every second").isPositive();
        assertThat(answered.get()).as("the viewers were served").isGreaterThan(100);
        // Not more than one poll round apart (DescribeServices, ListTasks twice, DescribeTasks, DescribeTargetHealth, a task
        // definition). Fewer is possible: the viewers share two cores with the poller, whose rounds then start later.
        assertThat(watched).as("AWS calls with 20 viewers vs none").isLessThanOrEqualTo(alone + 7);
        assertThat(watched).as("the poller kept reading while they watched").isPositive();
    }

    private double statusReadsDuring(Duration window, int viewers) throws Exception {
        return statusReadsDuring(window, viewers, new AtomicInteger());
    }

    private double statusReadsDuring(Duration window, int viewers, AtomicInteger answered) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, viewers));
        double before = serviceReads();
        long end = System.nanoTime() + window.toNanos();
        List<Future<?>> watching = new ArrayList<>();
        for (int viewer = 0; viewer < viewers; viewer++) {
            watching.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    if (api.get("/api/v1/environments/live/status").statusCode() == 200
                            && api.get("/api/v1/environments/live/traffic").statusCode() == 200) {
                        answered.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(window.toMillis());
        for (Future<?> viewer : watching) {
            viewer.get();
        }
        pool.shutdown();
        return serviceReads() - before;
    }

    private double reads(String operation) {
        return meters.find("portal.aws.requests").tag("operation", operation).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The portal's requests to ECS and ELBv2, as its own meter counts them. */
    private double serviceReads() {
        return meters.find("portal.aws.requests").counters().stream()
                .filter(counter -> List.of("DescribeClusters", "DescribeServices", "ListTasks", "DescribeTasks", "DescribeTargetHealth",
                        "DescribeTaskDefinition")
                        .contains(counter.getId().getTag("operation")))
                .mapToDouble(Counter::count).sum();
    }

    /** Last: it leaves the service at three tasks. */
    @Test
    @Order(6)
    @ExtendWith(Chromium.class)
    void theOverviewsTaskCountChangesWithoutAReloadWhenTheDesiredCountChangesOutsideThePortal(WebDriver browser) {
        awaitHealth("Healthy");
        PortalUnderTest.user(jdbc, encoder, "vera", "VIEWER");
        PortalUnderTest.signIn(browser, port, "vera");
        browser.get("http://localhost:" + port + "/environments");
        By tasks = By.cssSelector("tr[data-environment=live] td.tasks");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(tasks, "2 / 2"));
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

        JsonNode outputs = json(api.get("/api/v1/environments/live")).get("stack").get("outputs");
        try (EcsClient ecs = EcsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            ecs.updateService(r -> r.cluster(outputs.get("ClusterName").asString()).service(outputs.get("ServiceName").asString())
                    .desiredCount(3));
        }

        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textMatches(tasks,
                java.util.regex.Pattern.compile("\\d / 3.*")));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
                .as("the count changed in the page as it was, without a reload").isEqualTo(true);
    }

    /** After the desired count was changed outside the portal: the deploy's update brings it back to the stack's two. */
    @Test
    @Order(7)
    void aTagThatFailsItsHealthChecksShowsDeployingThenTheRollbackWithTheFailedTasksReasonAndLastLines() {
        QuestImages.publishFailingHealthChecks(sandbox, "eu-west-1", "v2-unhealthy");
        String albUrl = json(api.get("/api/v1/environments/live")).get("stack").get("outputs").get("AlbUrl").asString();
        HttpResponse<String> started = api.post("/api/v1/environments/live/deployments", "{\"imageTag\":\"v2-unhealthy\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String deployment = started.headers().firstValue("Location").orElseThrow();
        List<String> healthSeen = new ArrayList<>();
        JsonNode deployed = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
            healthSeen.add(status().get("health").asString());
            return json(api.get(deployment));
        }, found -> !found.get("status").asString().equals("RUNNING"));

        assertThat(healthSeen).as("what the status said while the deploy ran").contains("Deploying");
        assertThat(deployed.get("status").asString()).as(deployed.toString()).isEqualTo("FAILED");
        assertThat(deployed.get("outcome").asString()).as("the cause in the operator's words").isEqualTo("CIRCUIT_BREAKER");
        assertThat(deployed.get("outcomeSentence").asString()).startsWith("Its tasks kept failing, so ECS went back to v1");
        assertThat(deployed.get("fromTag").asString()).isEqualTo("v1");
        JsonNode operation = json(api.get(deployed.get("operation").asString()));
        JsonNode failedTasks = operation.get("failedTasks");
        assertThat(failedTasks.values()).as(failedTasks.toString()).isNotEmpty().allSatisfy(task -> {
            assertThat(task.get("imageTag").asString()).isEqualTo("v2-unhealthy");
            assertThat(task.get("stoppedReason").asString()).contains("failed ELB health checks");
            assertThat(task.get("lastLines").size()).as("the task's own last words").isPositive();
        });
        assertThat(operation.get("serviceEvents").findValuesAsString("message")).as("what ECS said while it ran, kept with it")
                .anyMatch(message -> message.contains("is unhealthy in (target-group"))
                .anyMatch(message -> message.contains("deployment failed"));
        JsonNode after = json(api.get("/api/v1/environments/live"));
        assertThat(after.get("imageTag").asString()).as("a failed deploy leaves the record on the last tag that succeeded").isEqualTo("v1");
        assertThat(after.get("stack").get("status").asString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
        assertThat(after.get("stack").get("outputs").get("AlbUrl").asString()).as("the load balancer on-call needs, kept")
                .isEqualTo(albUrl);
        JsonNode rolledBack = awaitHealth("Healthy");
        assertThat(rolledBack.get("runningTags").values().stream().map(JsonNode::asString).toList())
                .as("the rollback settles on the previous tag").containsExactly("v1");
        assertThat(rolledBack.get("recordedTag").asString()).isEqualTo("v1");
    }

    @Test
    @Order(8)
    @ExtendWith(Chromium.class)
    void aFailedCreateKeepsWhyItsTasksFailedAfterTheRollbackDeletedTheirLogGroup(WebDriver browser) {
        QuestImages.publishCrashingAtStart(sandbox, "eu-west-1", "v2-crash");
        HttpResponse<String> created = api.post("/api/v1/environments", """
                {"name":"broken","region":"eu-west-1","vpcCidr":"10.81.0.0/16","allowedClientCidr":"0.0.0.0/0","containerPort":3000,
                 "imageTag":"v2-crash","taskSize":"256/512","desiredCount":1,"healthCheckPath":"/health","logRetentionDays":7,
                 "secretWord":"TwelveFactor"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode applied = api.planAndApply("broken");

        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("FAILED");
        assertThat(applied.get("stackStatus").asString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThatTheFailedTasksSayWhy(applied);
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            assertThat(logs.describeLogGroups().logGroups()).as("the rollback deleted the tasks' log group")
                    .noneSatisfy(group -> assertThat(group.logGroupName()).contains("broken"));
        }

        PortalUnderTest.user(jdbc, encoder, "otto", "VIEWER");
        PortalUnderTest.signIn(browser, port, "otto");
        browser.get("http://localhost:" + port + "/environments/broken/operations/" + applied.get("id").asLong());
        WebElement failedTasks = new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("failed-tasks")));
        assertThat(failedTasks.getText()).contains("failed during this operation", "exit code 1", "fails at start on purpose");
        assertThat(browser.findElement(By.id("operation-service-events")).getText()).as("open on a failed operation")
                .contains("What ECS said about the service during this operation", "has started");
        assertThat(failedTasks.getLocation().getY()).as("the cause leads the page, above the stack events")
                .isLessThan(browser.findElement(By.id("operation-events")).getLocation().getY());
    }

    @Test
    @Order(9)
    void aTagThatWasNeverPublishedFailsWithCannotPullContainerErrorInWords() {
        recordTag("v404-never-published");

        JsonNode applied = api.planAndApply("live");

        assertThat(applied.get("status").asString()).as(applied.toString()).isEqualTo("FAILED");
        assertThat(applied.get("failedTasks").values()).as(applied.get("failedTasks").toString()).isNotEmpty().allSatisfy(task -> {
            assertThat(task.get("stopCode").asString()).isEqualTo("TaskFailedToStart");
            assertThat(task.get("stoppedReason").asString()).contains("CannotPullContainerError", "v404-never-published", "not found");
            assertThat(task.get("lastLines").size()).as("it never ran, so it wrote nothing").isZero();
        });
    }

    /** It leaves the environment's tasks with a secret word that is not the quest's. */
    @Test
    @Order(10)
    @ExtendWith(Chromium.class)
    void theSecretWordCheckFailsOnceTheTasksStartWithAChangedSecretWord(WebDriver browser) throws Exception {
        JsonNode before = awaitHealth("Healthy");
        List<String> victims = before.get("tasks").values().stream().filter(task -> task.get("lastStatus").asString().equals("RUNNING"))
                .map(task -> task.get("id").asString()).toList();
        HttpResponse<String> replaced = api.put("/api/v1/environments/live/secret-word", "{\"secretWord\":\"NotTheQuestsWord\"}", null);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(204);
        for (String victim : victims) {
            kill(victim);
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(this::status, found ->
                found.get("health").asString().equals("Healthy") && found.get("tasks").values().stream()
                        .filter(task -> task.get("lastStatus").asString().equals("RUNNING")).map(task -> task.get("id").asString())
                        .noneMatch(victims::contains));

        PortalUnderTest.user(jdbc, encoder, "oona", "OPERATOR");
        PortalUnderTest.signIn(browser, port, "oona");
        browser.get("http://localhost:" + port + "/environments/live");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("run-quest-checks"))).click();
        By secretWord = By.cssSelector("#quest-check-results tr[data-check=secret_word]");
        wait.until(ExpectedConditions.textMatches(secretWord, java.util.regex.Pattern.compile(".*✗ failed.*does not match.*")));
        // The panel is swapped whole every few seconds: each look finds its element afresh rather than holding an old one.
        wait.until(ExpectedConditions.textToBe(By.id("quest-checks-summary"), "✗ 4 of 5 passing"));
        wait.until(ExpectedConditions.textMatches(By.cssSelector("#quest-check-results tr[data-check=tls]"),
                java.util.regex.Pattern.compile(".*✓ passed.*")));
        assertThat(browser.getPageSource()).doesNotContain("NotTheQuestsWord");
    }

    /** Last but one: AWS throttles the service reads for a while, then stops. */
    @Test
    @Order(11)
    void aThrottledEnvironmentIsReadLessOftenAndItsSnapshotKeptWithItsAge() throws Exception {
        awaitHealth("Healthy");
        HttpResponse<String> fault = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.endpoint() + "/_sandbox/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"service\":\"elasticloadbalancing\",\"operation\":\"DescribeTargetHealth\",\"effect\":\"throttle\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
        try {
            JsonNode throttled = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(this::status,
                    found -> found.get("problem") != null && found.get("problem").asString("").contains("throttled"));
            assertThat(throttled.get("health").asString()).as("the last snapshot stands, with its age").isEqualTo("Healthy");
            double backedOff = skipped("backing-off");
            await().atMost(Duration.ofSeconds(20)).until(() -> skipped("backing-off") > backedOff);
            assertThat(status().get("ageSeconds").asLong()).as("the pages say how old the data is").isGreaterThan(1);
        } finally {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.endpoint() + "/_sandbox/faults")).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(this::status,
                found -> found.get("problem") == null || found.get("problem").isNull());
    }

    private double skipped(String why) {
        return meters.find("portal.status.reads.skipped").tag("why", why).counters().stream().mapToDouble(Counter::count).sum();
    }

    private void kill(String task) throws Exception {
        HttpResponse<String> killed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sandbox.endpoint() + "/_sandbox/faults/kill-task")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"taskId\":\"" + task + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(killed.statusCode()).as(killed.body()).isLessThan(300);
    }

    private static void assertThatTheFailedTasksSayWhy(JsonNode operation) {
        JsonNode failedTasks = operation.get("failedTasks");
        assertThat(failedTasks.values()).as(failedTasks.toString()).isNotEmpty().anySatisfy(task -> {
            assertThat(task.get("imageTag").asString()).isEqualTo("v2-crash");
            assertThat(task.get("exitCode").asInt()).isEqualTo(1);
            assertThat(task.get("stopCode").asString()).isEqualTo("EssentialContainerExited");
            assertThat(task.get("stoppedReason").asString()).isNotBlank();
            assertThat(task.get("lastLines").toString()).as("the task's own last words").contains("fails at start on purpose");
        });
        assertThat(failedTasks.findValuesAsString("stopCode")).as(failedTasks.toString())
                .doesNotContain("ServiceSchedulerInitiated", "UserInitiated");
    }

    @Test
    @Order(5)
    void anEnvironmentThatIsNotThereIsA404() {
        HttpResponse<String> missing = api.get("/api/v1/environments/nope/status");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("detail").asString()).isEqualTo("There is no environment named nope.");
    }
}
